import { parseArgs } from 'node:util';
import { startSimulator } from './index.js';

// `npm run sim [-- --seed 7 --messages 100000 --config sim.json]`: start all boards, print URLs.
const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    messages: { type: 'string' },
    config: { type: 'string' },
  },
});

async function main(): Promise<void> {
  const fromFile: Record<string, unknown> = values.config
    ? (JSON.parse(await (await import('node:fs/promises')).readFile(values.config, 'utf8')) as Record<string, unknown>)
    : {};
  const sim = await startSimulator({
    ...fromFile,
    ...(values.seed ? { seed: Number(values.seed) } : {}),
    ...(values.messages ? { messagesPerBoard: Number(values.messages) } : {}),
  });
  for (const [key, { baseUrl }] of Object.entries(sim.boards)) console.log(`${key.padEnd(14)} ${baseUrl}`);
  console.log(`${'admin'.padEnd(14)} ${sim.adminUrl}`);
  console.log(`simulated now  ${sim.clock.now().toISOString()}`);
  const stop = (): void => {
    sim.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
