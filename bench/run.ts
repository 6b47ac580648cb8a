/** `npm run bench -- NAME [--quick]` runs one benchmark; without a name, lists them. */
const BENCHES: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  http: () => import('./http.bench.js'),
  'sqlite-driver': () => import('./sqlite-driver.bench.js'),
  ledger: () => import('./ledger.bench.js'),
  'flash-sale': () => import('./flash-sale.bench.js'),
};

const name = process.argv[2];
if (!name || !BENCHES[name]) {
  console.log(`usage: npm run bench -- <name>\navailable: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(name ? 1 : 0);
}
const bench = await BENCHES[name]();
await bench.run();
