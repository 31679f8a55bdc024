import { hash, verify } from '@node-rs/argon2';

// argon2id (Algorithm.Argon2id = 2) with the library's defaults (m=19 MiB, t=2, p=1: OWASP's baseline).
const ARGON2ID = 2;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

export type PasswordRule = 'minLength' | 'classes' | 'containsUsername' | 'maxLength';

const RULE_TEXT: Record<PasswordRule, { zh: string; en: string }> = {
  minLength: { zh: '至少 {n} 个字符', en: 'at least {n} characters' },
  maxLength: { zh: '不超过 128 个字符', en: 'at most 128 characters' },
  classes: { zh: '包含大写字母、小写字母、数字、符号中的至少三类', en: 'at least three of: upper-case, lower-case, digits, symbols' },
  containsUsername: { zh: '不得包含用户名', en: 'must not contain the username' },
};

/** 等保 2.0 password complexity. Returns the rules broken (empty when the password is acceptable). */
export function checkPasswordPolicy(password: string, username: string, minLength: number): PasswordRule[] {
  const broken: PasswordRule[] = [];
  if ([...password].length < minLength) broken.push('minLength');
  if (password.length > 128) broken.push('maxLength');
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) broken.push('classes');
  if (username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) broken.push('containsUsername');
  return broken;
}

export function describeRules(rules: PasswordRule[], minLength: number, lang: 'zh-CN' | 'en'): string[] {
  return rules.map((r) => (lang === 'en' ? RULE_TEXT[r].en : RULE_TEXT[r].zh).replace('{n}', String(minLength)));
}
