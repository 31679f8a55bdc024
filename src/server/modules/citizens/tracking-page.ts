/**
 * The page a citizen's tracking link opens (`/p/track/<token>`), until the public portal puts its own pages
 * at /p: the public view as plain HTML, Chinese, readable on a phone, no script. Everything shown is the
 * public view (citizen.service.ts): no staff names, units or internal notes.
 */
import type { PublicCaseView } from './citizen.service.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
const when = (d: Date) => new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);

/** `nonce`: the response's CSP style nonce (the page's one <style> element is allowed by it, nothing else inline). */
export function trackingPage(v: PublicCaseView, nonce: string): string {
  const rows = v.timeline.map((e) => `<li><time>${esc(when(e.at))}</time> ${esc(e.text)}</li>`).join('');
  const reply = v.publicReply ? `<section><h2>处置答复</h2><p>${esc(v.publicReply)}</p></section>` : '';
  const photos = v.photos.length ? `<section><h2>处置结果照片</h2>${v.photos.map((p) => `<img src="${esc(p.url)}" alt="处置结果照片" loading="lazy">`).join('')}</section>` : '';
  const merged = v.mergedInto ? `<p class="note">您反映的问题已与受理号 ${esc(v.mergedInto)} 合并办理，以下为合并后的进度。</p>` : '';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>反映进度 ${esc(v.trackingNo)}</title>
<style nonce="${esc(nonce)}">body{font:16px/1.6 system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;margin:0 auto;max-width:40rem;padding:1rem;color:#1f1f1f}
h1{font-size:1.3rem}h2{font-size:1.05rem;margin-top:1.5rem}.status{font-size:1.2rem;font-weight:600;color:#0b57d0}
ol{padding-left:1.2rem}time{color:#555;margin-right:.5rem}img{max-width:100%;margin:.25rem 0;border-radius:4px}.note{background:#f3f6fc;padding:.5rem .75rem}</style>
</head><body>
<h1>反映进度查询</h1>
<p>受理号：${esc(v.trackingNo)}</p>
<p class="status">${esc(v.status)}</p>
${merged}
<section><h2>您反映的问题</h2><p>${esc(v.category)}${v.address ? `，${esc(v.address)}` : ''}</p><p>${esc(v.description)}</p></section>
<section><h2>办理进度</h2><ol>${rows}</ol></section>
${reply}${photos}
${v.canRate ? '<p class="note">问题已处理并经现场核查，欢迎对处理结果进行评价（评价功能将在市民服务页面提供）。</p>' : ''}
</body></html>`;
}

export function notFoundPage(nonce: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>未找到</title>
<style nonce="${esc(nonce)}">body{font:16px/1.6 system-ui,sans-serif;max-width:40rem;margin:0 auto;padding:1rem}</style></head>
<body><h1>没有找到这条反映</h1><p>请检查链接是否完整。</p></body></html>`;
}
