// Every send path (POST /v1/messages, an SMS or a sealed mail sent again, a reply from /open) waits a
// few seconds for the first delivery attempt so it can answer `sent`, and answers `queued` when that
// takes longer: the attempt goes on in the background either way.

/** Resolves when `work` settles or after `ms`, whichever is first; `work` is not cancelled. */
export async function waitAtMost(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
