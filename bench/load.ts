// The HTTP clients of the API benchmark, as their own process (bench/api.ts forks it), so the
// service's CPU is not shared with its load. Reads its job from argv as JSON, prints one JSON line.

interface Job {
  base: string;
  apiKey: string;
  clients: number;
  messages: number;
  warmup: number;
  body: string;
}

interface LoadReport {
  seconds: number;
  latencies: number[];
  statuses: Record<string, number>;
  failures: Record<string, number>;
}

async function main(job: Job): Promise<LoadReport> {
  const failures: Record<string, number> = {};
  const statuses: Record<string, number> = {};
  const post = async (): Promise<number> => {
    const started = performance.now();
    const res = await fetch(`${job.base}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${job.apiKey}`, 'content-type': 'application/json' },
      body: job.body,
    });
    const answer = (await res.json()) as { status?: string };
    if (res.status !== 201) failures[res.status] = (failures[res.status] ?? 0) + 1;
    else statuses[answer.status ?? ''] = (statuses[answer.status ?? ''] ?? 0) + 1;
    return performance.now() - started;
  };
  for (let i = 0; i < job.warmup; i++) await post();
  for (const k of Object.keys(statuses)) delete statuses[k];
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: job.clients }, async () => {
      while (next < job.messages) {
        next += 1;
        latencies.push(await post());
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { seconds, latencies, statuses, failures };
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
process.stdout.write(`${JSON.stringify(await main(job))}\n`);
