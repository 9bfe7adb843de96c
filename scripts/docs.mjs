#!/usr/bin/env node
// Writes docs/content-reference.md from templates/brief/schema.json (`npm run docs`).
// Needs the compiled sources (dist/, made by `npm run build` or `npm ci`).
// test/templates/reference.test.ts regenerates it in memory and fails when the committed file differs.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { contentReference } from '../dist/template/reference.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const schema = JSON.parse(readFileSync(`${root}templates/brief/schema.json`, 'utf8'));
writeFileSync(`${root}docs/content-reference.md`, contentReference(schema, 'brief'));
console.log('wrote docs/content-reference.md');
