// Times Cedar's statefulIsAuthorized on the rule sets and requests bench_policy --export
// wrote: the policy set is parsed once (preparsePolicySet), so only evaluation is timed.
//   node bench.mjs DIR
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const cedar = require('@cedar-policy/cedar-wasm/nodejs');

const dir = process.argv[2];
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

console.log(`cedar-wasm ${cedar.getCedarVersion ? cedar.getCedarVersion() : ''} statefulIsAuthorized`);
console.log('rules   p50_us   p99_us   mean_us   allow/request');
for (const n of [10, 100, 1000]) {
  const policies = readFileSync(join(dir, `rules-${n}.cedar`), 'utf8');
  const contexts = JSON.parse(readFileSync(join(dir, `requests-${n}.json`), 'utf8'));
  const id = `bench-${n}`;
  const parsed = cedar.preparsePolicySet(id, { staticPolicies: policies });
  if (parsed.type !== 'success') {
    console.error(JSON.stringify(parsed.errors).slice(0, 2000));
    process.exit(1);
  }
  let micros = [];
  let allowed = 0;
  for (let warm = 0; warm < 2; ++warm) {
    micros = [];
    allowed = 0;
    for (const context of contexts) {
      const t0 = process.hrtime.bigint();
      const answer = cedar.statefulIsAuthorized({
        principal: { type: 'Agent', id: 'agent' },
        action: { type: 'Action', id: 'propose' },
        resource: { type: 'Target', id: context.target },
        context,
        preparsedPolicySetId: id,
        entities: [],
      });
      micros.push(Number(process.hrtime.bigint() - t0) / 1000);
      if (answer.type !== 'success') {
        console.error(JSON.stringify(answer).slice(0, 2000));
        process.exit(1);
      }
      if (answer.response.decision === 'allow') allowed++;
    }
  }
  const sorted = [...micros].sort((a, b) => a - b);
  const mean = micros.reduce((a, b) => a + b, 0) / micros.length;
  console.log(`${String(n).padEnd(8)}${pct(sorted, 0.5).toFixed(2).padEnd(9)}${pct(sorted, 0.99).toFixed(2).padEnd(9)}` +
              `${mean.toFixed(2).padEnd(10)}${(allowed / micros.length).toFixed(2)}`);
}
