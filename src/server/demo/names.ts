/** Plausible Chinese personal names for the demo roster (deterministic for a given random source). */
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰飞鹏辉建国红梅志强文斌海燕晓东雪琳浩宇子涵欣怡俊杰佳豪思远梓萱博文雨轩一鸣嘉怡立新振华卫东春生秋菊冬梅鑫磊亚楠';

export function personName(rand: () => number): string {
  const s = SURNAMES[Math.floor(rand() * SURNAMES.length)]!;
  const g1 = GIVEN[Math.floor(rand() * GIVEN.length)]!;
  return rand() < 0.35 ? s + g1 : s + g1 + GIVEN[Math.floor(rand() * GIVEN.length)]!;
}
