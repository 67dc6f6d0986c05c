import { spawnSync } from 'node:child_process';
import { YOUNG_BUFFER_COLLECTION_FLAG } from './buffer-collection';

// A fresh Node passes 256 MiB through 64 KiB buffers, eight in use at a time, as a download's
// socket reads do, after setting the V8 flag it is given at start as the API does; it prints
// the most memory its buffers ever held, in MiB.
const PASS_BUFFERS = `
  const flag = process.argv[1];
  if (flag) require('node:v8').setFlagsFromString(flag);
  const inUse = [];
  let peak = 0;
  for (let i = 0; i < 4096; i++) {
    inUse.push(Buffer.alloc(64 * 1024));
    if (inUse.length > 8) inUse.shift();
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);
  }
  console.log(Math.round(peak / 2 ** 20));
`;

function peakBufferMemoryMib(flag?: string): number {
  const run = spawnSync(process.execPath, ['-e', PASS_BUFFERS, ...(flag ? [flag] : [])], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`the buffer pass failed: ${run.stderr}`);
  return Number(run.stdout.trim());
}

describe('young collections of dropped buffers', () => {
  it('free them once a few MiB has piled up', () => {
    expect(peakBufferMemoryMib(YOUNG_BUFFER_COLLECTION_FLAG)).toBeLessThan(24);
  });

  // Why the flag is set: if a Node upgrade made this fail, V8's default has changed and the
  // setting can go.
  it('wait for a full collection at 64 MiB without the setting', () => {
    expect(peakBufferMemoryMib()).toBeGreaterThan(48);
  });
});
