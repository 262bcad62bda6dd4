#!/usr/bin/env node
import 'reflect-metadata';
import { runCli } from '../src/cli/main.js';
import { defaultRuntime } from '../src/cli/runtime.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const io = {
  out: (line: string) => void process.stdout.write(`${line}\n`),
  err: (line: string) => void process.stderr.write(`${line}\n`),
};

runCli(process.argv.slice(2), io, { runtime: defaultRuntime, readStdin }).then(
  // process.exit: a timer left by an extension's script must not keep a finished command alive
  // (stdout and stderr writes are synchronous for files, pipes and terminals on POSIX).
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`crm-host: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
