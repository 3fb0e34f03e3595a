import { createPolicyLoader, formatProblem } from '../src/config/index.ts';
const r = await createPolicyLoader().fromPath(process.argv[2]!);
for (const p of r.problems) console.log(formatProblem(p));
console.log(r.ok);
