// The service worker of /open (scope "/open"): keeps the page and its assets in the Cache API so that
// a recipient who loaded it once can open sealed mail later without a connection. Network first, so a
// new release reaches them as soon as they are online; the cache answers when the network does not.
// It only ever fetches the page's own files from its own origin, never anything the recipient opens.

// Filled in by ui/open/build.ts: the files of this build and a hash of their contents.
declare const __OPEN_ASSETS__: string[];
declare const __OPEN_VERSION__: string;

// The few ServiceWorkerGlobalScope members used here; the "webworker" lib would clash with "DOM".
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

const scope = self as unknown as WorkerScope;
const PREFIX = 'vertraulich-open-';
const CACHE = `${PREFIX}${__OPEN_VERSION__}`;

// The worker is served at <service root>/open/sw.js: the root is "/" or a path prefix
// (PUBLIC_URL=https://host/vertraulich), and every path below is taken relative to it.
const root = new URL('../', scope.location.href);
const atRoot = (servicePath: string) => new URL(`.${servicePath}`, root).pathname;
const PAGE = atRoot('/open');
const WORKER = atRoot('/open/sw.js');
const ASSETS = __OPEN_ASSETS__.map(atRoot);

function inScope(url: URL): boolean {
  return (
    url.origin === scope.location.origin && (url.pathname === PAGE || url.pathname.startsWith(`${PAGE}/`))
  );
}

/** The page is cached under "/open" whatever query or trailing slash it was asked with. */
function cacheKey(url: URL): string {
  return url.pathname === `${PAGE}/` ? PAGE : url.pathname;
}

async function networkFirst(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && ASSETS.includes(cacheKey(url))) {
      await cache.put(cacheKey(url), response.clone());
    }
    return response;
  } catch (error) {
    const cached = await cache.match(cacheKey(url));
    if (cached) return cached;
    throw error;
  }
}

scope.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(ASSETS))
      .then(() => scope.skipWaiting()),
  );
});

scope.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))),
      )
      .then(() => scope.clients.claim()),
  );
});

scope.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  // The scope "/open" is a prefix, so it also covers e.g. /openapi.json: leave those to the network.
  if (event.request.method !== 'GET' || !inScope(url) || url.pathname === WORKER) return;
  event.respondWith(networkFirst(event.request));
});
