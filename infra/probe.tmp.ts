import { App } from 'aws-cdk-lib';
import { readFileSync } from 'node:fs';
import { addNewshoundStacks } from './stacks/newshound.js';
import { localConfigInput } from './config/index.js';
import { parseAppConfig } from '../shared/runtime/app-config.js';
const cdkJson = JSON.parse(readFileSync('cdk.json', 'utf8'));
const app = new App({ outdir: '/tmp/probe-out', context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
const config = parseAppConfig(localConfigInput({ samplesBaseUrl: 'http://127.0.0.1:8780/samples', publicBaseUrl: 'http://127.0.0.1:8780' }));
addNewshoundStacks(app, config, { tracing: false, tableCapacity: 'on-demand' } as never);
const asm = app.synth();
const types = new Map<string, number>(); const fns = new Set<string>();
const walk = (v: unknown) => { if (Array.isArray(v)) v.forEach(walk); else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { if (k.startsWith('Fn::') || k === 'Ref') fns.add(k); walk(x); } };
for (const s of asm.stacks) { for (const r of Object.values(s.template.Resources) as any[]) { types.set(r.Type, (types.get(r.Type) ?? 0) + 1); walk(r.Properties); } walk(s.template.Outputs); console.log(s.stackName, Object.keys(s.template).join(',')); }
console.log([...types].map(([t, n]) => `${t} ${n}`).join('\n')); console.log([...fns]);
