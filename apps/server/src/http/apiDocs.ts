import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  appRouter,
  collectRestEndpoints,
  createOpenApiDocument,
  type OpenApiDocument,
  type RestHandler,
} from '@chatbot/api';
import { attachmentsOpenApiPaths } from './attachmentsDocs';
import { googleOpenApiPaths } from './googleOAuth';
import { importOpenApiPaths } from './importDocs';
import { ndjsonOpenApiPaths } from './ndjsonDocs';
import { sseOpenApiPaths } from './sse/openApi';

export const API_VERSION = '1.0.0';
export const DOCS_ROUTES = { document: '/openapi.json', reference: '/docs' } as const;

/** The whole REST surface: the procedures' routes plus the streams and Google redirects. */
export function openApiDocument(
  serverUrl: string,
  endpoints = collectRestEndpoints(appRouter),
): OpenApiDocument {
  return createOpenApiDocument(endpoints, {
    serverUrl,
    version: API_VERSION,
    extraPaths: {
      ...googleOpenApiPaths,
      ...sseOpenApiPaths,
      ...ndjsonOpenApiPaths,
      ...importOpenApiPaths,
      ...attachmentsOpenApiPaths,
    },
    extraTags: [{ name: 'Attachments' }],
  });
}

// Swagger UI's own files, served from the installed package: the reference needs no CDN.
const swaggerUiDir = path.dirname(
  createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'),
);
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const REFERENCE_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Chatbot AI REST API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" href="/docs/favicon-32x32.png">
</head>
<body>
  <div id="reference"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`;

// A separate file rather than an inline script, so a strict Content-Security-Policy holds.
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#reference',
  deepLinking: true,
  persistAuthorization: true,
  // Its default badge loads from validator.swagger.io: nothing here leaves this server.
  validatorUrl: null,
});
`;

export function createApiDocs(rest: RestHandler, serverUrl: () => string) {
  let document: string | undefined;
  return async function serveDocs(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<string | undefined> {
    const route = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method !== 'GET' && req.method !== 'HEAD') return undefined;
    if (route === DOCS_ROUTES.document) {
      document ??= JSON.stringify(openApiDocument(serverUrl(), rest.endpoints), null, 2);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : document);
      return DOCS_ROUTES.document;
    }
    if (route === DOCS_ROUTES.reference || route === `${DOCS_ROUTES.reference}/`) {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy':
          "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'",
      });
      res.end(REFERENCE_PAGE);
      return DOCS_ROUTES.reference;
    }
    const asset = route.startsWith('/docs/') ? route.slice('/docs/'.length) : undefined;
    if (asset === 'init.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(INIT_SCRIPT);
      return DOCS_ROUTES.reference;
    }
    const type = asset ? ASSETS[asset] : undefined;
    if (asset && type) {
      const file = await fs.readFile(`${swaggerUiDir}/${asset}`);
      res.writeHead(200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
      res.end(file);
      return DOCS_ROUTES.reference;
    }
    return undefined;
  };
}
