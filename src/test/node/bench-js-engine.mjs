#!/usr/bin/env node
// Throughput of Amplitude's published JS evaluation engine (@amplitude/experiment-core, the
// version pinned in package.json) on the workload that expaudit's EngineBenchmark measures, so
// the two can be compared in one run (bench/engine-benchmark.sh).
//
// Usage:
//   node bench-js-engine.mjs <workload-dir> [--warmup-iterations=2] [--iterations=5] [--time=2]
//
// <workload-dir> holds flags.json (a JSON array of evaluation-format flags) and contexts.jsonl
// (one evaluation context per line), as written by io.expaudit.bench.RealisticWorkload.
//
// What it does, mirroring the JMH benchmark: parse everything up front, topologically sort the
// flags once, then call engine.evaluate(context, sortedFlags) for one context after another,
// cycling through all contexts. One operation = one context = all flags. Warm-up iterations are
// run and discarded; each measured iteration runs for --time seconds. Single thread (V8's own
// GC and compiler helper threads run as they do in any node process).
//
// Before timing, one pass over all contexts computes the same assignment digest as
// io.expaudit.bench.AssignmentDigest (FNV-1a 32 over "flag=variant;" per context, keys sorted),
// so the Java side can check that both did the same work.
//
// Each iteration also divides by the process CPU time it used (process.cpuUsage(): user + system,
// all threads), which is what "per core" means when helper threads or other processes share the
// CPUs; EngineBenchmarkMain gets the same figure for the JVM from CpuTimeProfiler.
//
// Output: progress on stderr, one JSON line on stdout.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import * as core from '@amplitude/experiment-core';

const { EvaluationEngine, topologicalSort } = core.EvaluationEngine ? core : core.default;

function parseArgs(argv) {
  const opts = { dir: undefined, warmupIterations: 2, iterations: 5, time: 2 };
  for (const a of argv) {
    const m = /^--([a-z-]+)=(.*)$/.exec(a);
    if (m && m[1] === 'warmup-iterations') opts.warmupIterations = Number(m[2]);
    else if (m && m[1] === 'iterations') opts.iterations = Number(m[2]);
    else if (m && m[1] === 'time') opts.time = Number(m[2]);
    else if (!a.startsWith('-') && opts.dir === undefined) opts.dir = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  if (opts.dir === undefined) throw new Error('usage: node bench-js-engine.mjs <workload-dir> [--warmup-iterations=N] [--iterations=N] [--time=SECONDS]');
  if (!(opts.iterations >= 1) || !(opts.warmupIterations >= 0) || !(opts.time > 0)) throw new Error('bad iteration settings');
  return opts;
}

function engineVersion() {
  try {
    const require = createRequire(import.meta.url);
    return require('@amplitude/experiment-core/package.json').version;
  } catch {
    return 'unknown';
  }
}

// FNV-1a 32 over UTF-16 code units; same as AssignmentDigest.feed.
function feed(h, s) {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

function digest(engine, contexts, flags) {
  let h = 0x811c9dc5 | 0;
  let results = 0;
  for (const context of contexts) {
    const r = engine.evaluate(context, flags);
    const keys = Object.keys(r).sort();
    for (const key of keys) {
      h = feed(h, key);
      h = feed(h, '=');
      h = feed(h, String(r[key].key));
      h = feed(h, ';');
      results++;
    }
    h = feed(h, '\n');
  }
  return { contexts: contexts.length, results, fnv1a32: (h >>> 0).toString(16).padStart(8, '0') };
}

let sink; // keeps the last result reachable so no call can be optimised away

// Runs evaluate over the contexts for `seconds`; returns contexts per second of wall-clock time
// and per second of process CPU time (all threads, as CpuTimeProfiler measures the JVM).
function iteration(engine, contexts, flags, seconds) {
  const n = contexts.length;
  const budget = BigInt(Math.round(seconds * 1e9));
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  let ops = 0;
  let i = 0;
  let elapsed;
  do {
    for (let k = 0; k < 64; k++) {
      sink = engine.evaluate(contexts[i], flags);
      i = i + 1 === n ? 0 : i + 1;
    }
    ops += 64;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < budget);
  const cpu = process.cpuUsage(cpuStart);
  return { wall: ops / (Number(elapsed) / 1e9), cpu: ops / ((cpu.user + cpu.system) / 1e6) };
}

function stats(xs) {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, sd, min: Math.min(...xs), max: Math.max(...xs) };
}

function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(String(e.message || e));
    process.exit(2);
  }
  const flagList = JSON.parse(readFileSync(join(opts.dir, 'flags.json'), 'utf8'));
  const flagArray = Array.isArray(flagList) ? flagList : Object.values(flagList.flags ?? flagList);
  const byKey = {};
  for (const f of flagArray) byKey[f.key] = f;
  const flags = topologicalSort(byKey);
  const contexts = readFileSync(join(opts.dir, 'contexts.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line));

  const engine = new EvaluationEngine();
  const check = digest(engine, contexts, flags);
  console.error(`node ${process.version}, @amplitude/experiment-core ${engineVersion()}: ${flags.length} flags, ${contexts.length} contexts, ${check.results} results, digest ${check.fnv1a32}`);

  for (let w = 0; w < opts.warmupIterations; w++) {
    const r = iteration(engine, contexts, flags, opts.time);
    console.error(`  warmup ${w + 1}: ${r.wall.toFixed(0)} contexts/s, ${r.cpu.toFixed(0)} contexts/CPU-s`);
  }
  const wall = [];
  const cpu = [];
  for (let m = 0; m < opts.iterations; m++) {
    const r = iteration(engine, contexts, flags, opts.time);
    wall.push(r.wall);
    cpu.push(r.cpu);
    console.error(`  iteration ${m + 1}: ${r.wall.toFixed(0)} contexts/s, ${r.cpu.toFixed(0)} contexts/CPU-s`);
  }
  const w = stats(wall);
  const c = stats(cpu);
  const out = {
    engine: '@amplitude/experiment-core',
    engineVersion: engineVersion(),
    node: process.version,
    flags: flags.length,
    contexts: contexts.length,
    warmupIterations: opts.warmupIterations,
    iterations: opts.iterations,
    iterationSeconds: opts.time,
    contextsPerSecond: w.mean,
    stdev: w.sd,
    min: w.min,
    max: w.max,
    flagEvaluationsPerSecond: w.mean * flags.length,
    contextsPerCpuSecond: c.mean,
    cpuStdev: c.sd,
    scores: wall,
    cpuScores: cpu,
    digest: check,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

main();
