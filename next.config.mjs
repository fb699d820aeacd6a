/** @type {import('next').NextConfig} */
const nextConfig = {
  // Every page is pre-rendered to out/ and served by scripts/serve.mjs, which
  // also sends the COOP/COEP headers that threaded WASM needs.
  output: 'export',
  images: { unoptimized: true },
  reactStrictMode: true,
  // `npm test` type-checks and lints the whole repository once; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
