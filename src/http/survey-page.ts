import { escapeHtml as esc } from '../report/format.ts';
import type { Ticket } from '../core/model/ticket.ts';

const css = `body{margin:0;font:16px/1.5 system-ui,"PingFang SC","Noto Sans CJK SC",sans-serif;background:#f5f7fa;color:#1f2933}
main{max-width:460px;margin:40px auto;background:#fff;border:1px solid #e4e7eb;border-radius:12px;padding:24px}
h1{font-size:20px;margin:0 0 6px}p{color:#616e7c;margin:0 0 16px}.stars{display:flex;gap:8px;margin:12px 0}
.stars label{flex:1;text-align:center;border:1px solid #cbd2d9;border-radius:8px;padding:10px 0;cursor:pointer}
.stars input{display:block;margin:0 auto 4px}textarea{width:100%;box-sizing:border-box;min-height:90px;border:1px solid #cbd2d9;border-radius:8px;padding:8px;font:inherit}
button{margin-top:14px;width:100%;padding:10px;border:0;border-radius:8px;background:#2b5fab;color:#fff;font:inherit;font-weight:600;cursor:pointer}`;

const shell = (
  title: string,
  body: string,
) => `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; form-action 'self'">
<title>${esc(title)}</title><style>${css}</style></head><body><main>${body}</main></body></html>`;

/** The survey form: works without JavaScript (a plain form POST to the same address). */
export function surveyFormPage(ticket: Ticket): string {
  const current = ticket.csat?.score;
  const stars = [1, 2, 3, 4, 5]
    .map(
      (n) =>
        `<label><input type="radio" name="score" value="${n}" required${current === n ? ' checked' : ''}>${'★'.repeat(n)}<br>${n}</label>`,
    )
    .join('');
  return shell(
    'How did we do? 服务评价',
    `<h1>How did we do? 您对本次服务满意吗?</h1>
<p>Ticket ${esc(ticket.number)} · ${esc(ticket.subject)}</p>
<form method="post"><div class="stars">${stars}</div>
<label for="comment">Anything we should know? 意见或建议</label><textarea id="comment" name="comment" maxlength="2000">${esc(ticket.csat?.comment ?? '')}</textarea>
<button type="submit">Send 提交</button></form>`,
  );
}

export function surveyThanksPage(callback: boolean): string {
  return shell(
    'Thank you 谢谢',
    `<h1>Thank you 感谢您的评价</h1><p>${callback ? 'We are sorry it did not go well. A team lead will call you back within 24 hours. 我们的主管将在 24 小时内回电。' : 'Your rating helps us improve. 您的反馈将帮助我们改进服务。'}</p><p>You can change your answer with the same link. 您可以通过同一链接修改评价。</p>`,
  );
}

export function surveyGonePage(): string {
  return shell(
    'Survey link expired',
    '<h1>This survey link is no longer valid</h1><p>It may have expired. 该评价链接已失效。</p>',
  );
}
