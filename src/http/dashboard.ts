import { fileURLToPath } from 'node:url';
import express, { type RequestHandler } from 'express';

/** The built-in live dashboard: static files from public/dashboard, served at `/`. */
export function dashboardStatic(): RequestHandler {
  return express.static(fileURLToPath(new URL('../../public/dashboard', import.meta.url)), {
    index: 'index.html',
    maxAge: 0,
  });
}
