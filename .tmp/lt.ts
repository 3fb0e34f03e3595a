import { DateTime } from 'luxon';
import { createPolicyLoader } from '../src/config/load.ts';
const r = await createPolicyLoader().fromPath('configs/presets/base');
if (!r.ok) throw 1;
let bad = 0;
for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 3_517_000) {
  for (const tz of ['Asia/Shanghai', 'Europe/Berlin', 'America/Los_Angeles']) {
    const d = DateTime.fromMillis(t, { zone: tz });
    // policy is Asia/Shanghai; test only that one for the policy
    if (tz === 'Asia/Shanghai') { const l = r.policy.localTime(t); if (l.hour !== d.hour || l.weekday !== d.weekday) bad++; }
  }
}
console.log('mismatches', bad);
