#!/usr/bin/env node
// expaudit's runner for Amplitude's published JS evaluation engine (@amplitude/experiment-core,
// pinned in package.json; install with `npm ci` in this folder). The differential test
// (io.expaudit.eval.differential.DifferentialTest) drives it.
//
// Usage:
//   node js-engine.mjs --flags FLAGS.json --contexts CONTEXTS.jsonl
//
// FLAGS.json      a JSON array of evaluation-format ("v2", /sdk/v2/flags) flags.
// CONTEXTS.jsonl  one {"id": <any JSON>, "context": {...}} per line; blank lines are skipped.
//
// Like the SDKs, the flags are put into one object keyed by flag key (a later flag with the same
// key replaces the earlier one), ordered with the package's topologicalSort, and every context is
// evaluated with `new EvaluationEngine().evaluate(context, sortedFlags)`.
//
// Output, one line per context, in input order:
//   {"id":<id>,"variants":{"<flagKey>":"<variant key>",...}}   keys in the result object's order
//   {"id":<id>,"error":"<message>"}                             when evaluate threw
// A dependency cycle prints a single {"error":"..."} line and exits with 2; bad arguments or
// input print a message on stderr and exit with 2.

import { readFileSync } from 'node:fs';
import * as core from '@amplitude/experiment-core';

const engineModule = core.EvaluationEngine ? core : core.default;
const { EvaluationEngine, topologicalSort } = engineModule;

function usage(message) {
  if (message) process.stderr.write(`js-engine: ${message}\n`);
  process.stderr.write('usage: node js-engine.mjs --flags FLAGS.json --contexts CONTEXTS.jsonl\n');
  process.exitCode = 2;
}

function parseArguments(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let name = arg;
    let value;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      name = arg.slice(0, eq);
      value = arg.slice(eq + 1);
    }
    if (name !== '--flags' && name !== '--contexts') {
      throw new Error(`unexpected argument '${arg}'`);
    }
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new Error(`${name} needs a file`);
      value = argv[++i];
    }
    options[name.slice(2)] = value;
  }
  if (!options.flags || !options.contexts) throw new Error('both --flags and --contexts are required');
  return options;
}

function readFlags(path) {
  const parsed = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`${path}: expected a JSON array of flags`);
  const flagsByKey = {};
  for (const flag of parsed) {
    flagsByKey[flag.key] = flag; // a later duplicate wins, at the first one's position
  }
  return flagsByKey;
}

function readContexts(path) {
  const text = readFileSync(path === '-' ? 0 : path, 'utf8');
  const entries = [];
  let lineNumber = 0;
  for (const line of text.split('\n')) {
    lineNumber++;
    if (line.trim() === '') continue;
    let entry;
    try {
      entry = JSON.parse(line);
    } catch (e) {
      throw new Error(`${path}:${lineNumber}: not JSON: ${e.message}`);
    }
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      throw new Error(`${path}:${lineNumber}: expected {"id": ..., "context": {...}}`);
    }
    entries.push(entry);
  }
  return entries;
}

function main() {
  let options;
  let flagsByKey;
  let entries;
  try {
    options = parseArguments(process.argv.slice(2));
    flagsByKey = readFlags(options.flags);
    entries = readContexts(options.contexts);
  } catch (e) {
    usage(e.message);
    return;
  }

  let sorted;
  try {
    sorted = topologicalSort(flagsByKey);
  } catch (e) {
    process.stdout.write(JSON.stringify({ error: String(e && e.message ? e.message : e) }) + '\n');
    process.exitCode = 2;
    return;
  }

  const engine = new EvaluationEngine();
  const out = [];
  for (const entry of entries) {
    const id = entry.id === undefined ? null : entry.id;
    let line;
    try {
      const results = engine.evaluate(entry.context, sorted);
      const variants = {};
      for (const flagKey of Object.keys(results)) {
        const variant = results[flagKey];
        variants[flagKey] = variant && variant.key !== undefined ? variant.key : null;
      }
      line = { id, variants };
    } catch (e) {
      line = { id, error: String(e && e.message ? e.message : e) };
    }
    out.push(JSON.stringify(line));
    if (out.length >= 1000) {
      process.stdout.write(out.join('\n') + '\n');
      out.length = 0;
    }
  }
  if (out.length > 0) process.stdout.write(out.join('\n') + '\n');
}

main();
