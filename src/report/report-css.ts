/** The reports' inline style sheet (daily, weekly and monthly pages; no external requests). */
export const reportCss = `
:root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bg:#f5f7fa;--ok:#2f9e6e;--warn:#e0a526;--bad:#d64545;--accent:#2b5fab}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI","PingFang SC","Noto Sans CJK SC",sans-serif;color:var(--ink);background:var(--bg)}
main{max-width:1040px;margin:0 auto;padding:28px 24px 48px}
header h1{font-size:22px;margin:0 0 2px}header p{margin:0;color:var(--muted)}
.alert{margin:18px 0;line-height:1.6;padding:12px 16px;border-radius:8px;background:#fdecec;border:1px solid #f3b7b7;color:#8a1f1f}
.alert.ok{background:#e8f6ef;border-color:#b5e0c9;color:#1d5e42}
.cards{display:grid;grid-template-columns:repeat(6,1fr);gap:12px;margin:18px 0}
.card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:12px 14px}
.card .k{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card .num{display:block;font-size:24px;font-weight:650;margin-top:4px}
.card .sub{color:var(--muted);font-size:12px}
section{background:#fff;border:1px solid var(--line);border-radius:10px;padding:16px 18px;margin:14px 0}
section h2{font-size:16px;margin:0 0 10px}
.grid2{display:grid;grid-template-columns:2fr 1fr;gap:14px;margin:14px 0}.grid2 section{margin:0}
table{width:100%;border-collapse:collapse}th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left}
th{font-size:12px;color:var(--muted);font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.pill{white-space:nowrap}
tr.flagged td{background:#fff5f5}.pill{display:inline-block;padding:1px 8px;border-radius:99px;font-size:12px;font-weight:600}
.pill.bad{background:#fdecec;color:#8a1f1f}.pill.ok{background:#e8f6ef;color:#1d5e42}.pill.warn{background:#fdf5e1;color:#7a5a0c}
.up{color:var(--bad)}.down{color:var(--ok)}.muted{color:var(--muted)}
svg .lbl{font-size:11px;fill:#616e7c}svg .val{font-size:11px;fill:#1f2933;font-weight:600}
table.slices{font-size:12.5px}table.slices th.num{white-space:normal;vertical-align:bottom}table.slices td.num{padding:6px 5px}.wide{overflow-x:auto}
td.bar{vertical-align:bottom;height:64px;padding:0 2px}.hbar{background:#c9d8f0;border-radius:2px 2px 0 0;min-height:1px}
table.hours td,table.hours th{padding:4px 2px;text-align:center}
footer{color:var(--muted);font-size:12px;margin-top:18px}
@media (max-width:800px){.cards{grid-template-columns:repeat(2,1fr)}.grid2{grid-template-columns:1fr}}
@media print{body{background:#fff}section,.card{break-inside:avoid}}
`;
