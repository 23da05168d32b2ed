import type { NextConfig } from 'next';

const config: NextConfig = {
  // Workspace packages are TypeScript source.
  transpilePackages: [
    '@chatbot/api',
    '@chatbot/core',
    '@chatbot/client',
    '@chatbot/config',
    '@chatbot/ai',
    '@chatbot/db',
  ],
  // Native or WebAssembly-backed server packages stay as Node modules, not bundled.
  serverExternalPackages: [
    '@electric-sql/pglite',
    'pglite-prisma-adapter',
    '@prisma/client',
    '@prisma/adapter-pg',
    '@prisma/driver-adapter-utils',
    '@node-rs/argon2',
    'pg',
    'openai',
    '@anthropic-ai/sdk',
    '@google/genai',
  ],
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
