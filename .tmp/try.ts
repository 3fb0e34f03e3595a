import { createPolicyLoader, formatProblem } from '/work/main/src/config/index.ts';
const r = await createPolicyLoader().fromPath('configs/presets/base');
for (const p of r.problems) console.log(formatProblem(p));
console.log(r.ok, r.ok && r.policy.version);
