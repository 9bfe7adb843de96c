#!/usr/bin/env node
// Deterministic generator of N realistic briefkit items and of the peers'
// inputs made from the same items:
//
//   <dir>/content/item-0001.yaml …     briefkit content (the `brief` set)
//   <dir>/content/images/chart-k.png   a few small charts some items show
//   <dir>/peers/md/item-0001.md        Pandoc Markdown of the same item (md → docx)
//   <dir>/peers/typst/item-0001.typ    Typst: the same text, two-column A4, 10 pt
//
// Items look like the sample: a title, subtitle, date, location, marking, two
// organisations, a two-paragraph summary, four key figures, three or four
// sections of a paragraph or two and three to five points, two quotes, talking
// points, sources and a contact; every 10th item has a figure. Languages
// rotate through en-GB, fr, de, es and ru. The same seed gives the same bytes.
//
// Usage: node bench/generate.mjs <dir> [count=1000] [seed=20240417]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

/** mulberry32: a small seeded PRNG, so the items are the same on every machine. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VOCAB = {
  'en-GB': {
    words: ['regional', 'co-operation', 'border', 'training', 'precursor', 'analysis', 'customs', 'officers', 'seizures', 'networks', 'prevention', 'evidence', 'partners', 'financial', 'flows', 'capacity', 'awareness', 'youth', 'legal', 'education', 'experts', 'ministers', 'agreed', 'strengthen', 'national', 'programme', 'assessment', 'shared', 'priorities', 'support'],
    heads: ['What was agreed', 'Background', 'Next steps', 'Who took part', 'Results so far', 'Funding', 'Risks'],
    cities: ['Vienna', 'Geneva', 'Tashkent', 'Almaty', 'Warsaw', 'Lisbon'],
    roles: ['Head of Unit', 'Programme Officer', 'Director', 'Senior Adviser'],
  },
  fr: {
    words: ['coopération', 'régionale', 'frontière', 'formation', 'précurseurs', 'analyse', 'douanes', 'agents', 'saisies', 'réseaux', 'prévention', 'éléments', 'partenaires', 'financiers', 'flux', 'capacités', 'sensibilisation', 'jeunesse', 'juridique', 'éducation', 'experts', 'ministres', 'convenu', 'renforcer', 'nationale', 'programme', 'évaluation', 'commune', 'priorités', 'soutien'],
    heads: ['Ce qui a été convenu', 'Contexte', 'Prochaines étapes', 'Participants', 'Premiers résultats', 'Financement', 'Risques'],
    cities: ['Paris', 'Genève', 'Bruxelles', 'Dakar', 'Montréal', 'Lyon'],
    roles: ['Cheffe d’unité', 'Chargé de programme', 'Directrice', 'Conseiller principal'],
  },
  de: {
    words: ['regionale', 'Zusammenarbeit', 'Grenze', 'Schulung', 'Grundstoffe', 'Analyse', 'Zoll', 'Beamte', 'Sicherstellungen', 'Netzwerke', 'Prävention', 'Nachweise', 'Partner', 'finanzielle', 'Ströme', 'Kapazität', 'Bewusstsein', 'Jugend', 'rechtliche', 'Bildung', 'Fachleute', 'Ministerinnen', 'vereinbart', 'stärken', 'nationale', 'Programm', 'Bewertung', 'gemeinsame', 'Prioritäten', 'Unterstützung'],
    heads: ['Was vereinbart wurde', 'Hintergrund', 'Nächste Schritte', 'Teilnehmende', 'Bisherige Ergebnisse', 'Finanzierung', 'Risiken'],
    cities: ['Berlin', 'Wien', 'Bonn', 'Zürich', 'Hamburg', 'Graz'],
    roles: ['Referatsleiterin', 'Programmreferent', 'Direktorin', 'Senior-Berater'],
  },
  es: {
    words: ['cooperación', 'regional', 'frontera', 'formación', 'precursores', 'análisis', 'aduanas', 'agentes', 'incautaciones', 'redes', 'prevención', 'pruebas', 'socios', 'financieros', 'flujos', 'capacidad', 'sensibilización', 'juventud', 'jurídica', 'educación', 'expertos', 'ministras', 'acordaron', 'reforzar', 'nacional', 'programa', 'evaluación', 'común', 'prioridades', 'apoyo'],
    heads: ['Lo acordado', 'Antecedentes', 'Próximos pasos', 'Participantes', 'Resultados', 'Financiación', 'Riesgos'],
    cities: ['Madrid', 'Bogotá', 'Lima', 'Sevilla', 'Quito', 'Valencia'],
    roles: ['Jefa de Unidad', 'Oficial de Programa', 'Directora', 'Asesor Principal'],
  },
  ru: {
    words: ['региональное', 'сотрудничество', 'граница', 'обучение', 'прекурсоры', 'анализ', 'таможня', 'сотрудники', 'изъятия', 'сети', 'профилактика', 'данные', 'партнёры', 'финансовые', 'потоки', 'потенциал', 'осведомлённость', 'молодёжь', 'правовые', 'образование', 'эксперты', 'министры', 'согласовали', 'укрепить', 'национальная', 'программа', 'оценка', 'общие', 'приоритеты', 'поддержка'],
    heads: ['Что было согласовано', 'Контекст', 'Следующие шаги', 'Участники', 'Итоги', 'Финансирование', 'Риски'],
    cities: ['Вена', 'Ташкент', 'Алматы', 'Бишкек', 'Душанбе', 'Москва'],
    roles: ['Руководитель отдела', 'Сотрудник программы', 'Директор', 'Старший советник'],
  },
};
const LANGS = Object.keys(VOCAB);
const ORGS = ['OSCE', 'UNODC', 'Example Agency', 'Regional Centre', 'Customs Network', 'Policy Institute'];
const MARKINGS = ['PUBLIC', 'PUBLIC', 'FOR OFFICIAL USE', 'DRAFT'];

/** Makes a small RGB PNG bar chart (colour varies by `k`). */
export function chartPng(k, width = 320, height = 180) {
  const crcTable = new Uint32Array(256).map((_, n) => {
    let c = n;
    for (let j = 0; j < 8; j++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      const bar = Math.floor(x / (width / 6));
      const top = height - (height * (((bar * (k + 3)) % 6) + 1)) / 7;
      const inBar = y > top && x % Math.floor(width / 6) > 8;
      const i = row + 1 + x * 3;
      raw[i] = inBar ? (40 * k) % 200 : 245;
      raw[i + 1] = inBar ? 100 : 245;
      raw[i + 2] = inBar ? 180 : 245;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** One item as plain data (the same data feeds every writer below). */
export function makeItem(index, seed) {
  const rand = prng(seed * 100_003 + index);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const lang = LANGS[index % LANGS.length];
  const v = VOCAB[lang];
  const words = (n) => Array.from({ length: n }, () => pick(v.words)).join(' ');
  const sentence = (n) => {
    const s = words(n);
    return `${s[0].toUpperCase()}${s.slice(1)}.`;
  };
  const paragraph = (sentences) => Array.from({ length: sentences }, () => sentence(int(9, 18))).join(' ');
  const id = `item-${String(index).padStart(4, '0')}`;
  const month = String(1 + (index % 12)).padStart(2, '0');
  const day = String(1 + (index % 28)).padStart(2, '0');
  const orgs = [ORGS[index % ORGS.length], ORGS[(index + 2) % ORGS.length]];
  const heads = [...v.heads].sort(() => rand() - 0.5);
  return {
    id,
    lang,
    title: `${sentence(int(6, 10)).replace(/\.$/, '')} (${index})`,
    subtitle: sentence(int(6, 12)).replace(/\.$/, ''),
    date: `2024-${month}-${day}`,
    location: pick(v.cities),
    marking: MARKINGS[index % MARKINGS.length],
    organizations: orgs,
    summary: [`**${words(3)}** ${paragraph(2)}`, paragraph(2)],
    keyFigures: Array.from({ length: 4 }, (_, k) => ({ value: k === 0 ? `${int(10, 990)}+` : k === 1 ? String(int(2000, 2024)) : k === 2 ? `${int(1, 99)}%` : String(int(2, 60)), label: words(int(3, 6)) })),
    sections: Array.from({ length: int(3, 4) }, (_, s) => ({
      heading: heads[s % heads.length],
      body: paragraph(int(1, 2)),
      points: Array.from({ length: int(3, 5) }, () => words(int(6, 12))),
    })),
    quotes: Array.from({ length: 2 }, () => ({ text: paragraph(int(1, 2)), speaker: `${String.fromCharCode(65 + int(0, 25))}. ${pick(['Lehtovuori', 'Kupchyna', 'Lemahieu', 'Moreau', 'Schmidt', 'García', 'Ivanova'])}`, role: `${pick(v.roles)}, ${pick(orgs)}` })),
    talkingPoints: Array.from({ length: int(4, 6) }, () => sentence(int(10, 18))),
    figure: index % 10 === 0 ? { src: `images/chart-${index % 4}.png`, alt: words(5), caption: sentence(6) } : undefined,
    sources: Array.from({ length: int(2, 3) }, (_, k) => ({ title: sentence(int(4, 8)).replace(/\.$/, ''), publisher: pick(orgs), date: `2024-${month}-${String(Math.min(28, Number(day) + k)).padStart(2, '0')}`, url: `https://example.org/${id}/source-${k + 1}` })),
    contact: { name: 'Press office', email: `press-${index % 7}@example.org` },
  };
}

const q = (s) => JSON.stringify(s);
const indent = (text, by) => text.split('\n').map((line) => (line === '' ? '' : by + line)).join('\n');

/** The briefkit content file of an item (YAML, the `brief` set). */
export function toYaml(item) {
  const lines = [
    `id: ${item.id}`,
    `title: ${q(item.title)}`,
    `subtitle: ${q(item.subtitle)}`,
    `date: ${item.date}`,
    `lang: ${item.lang}`,
    `location: ${q(item.location)}`,
    `marking: ${q(item.marking)}`,
    `organizations: [${item.organizations.map(q).join(', ')}]`,
    'summary: |',
    indent(item.summary.join('\n\n'), '  '),
    'key_figures:',
    ...item.keyFigures.map((k) => `  - { value: ${q(k.value)}, label: ${q(k.label)} }`),
    'sections:',
    ...item.sections.flatMap((s) => [`  - heading: ${q(s.heading)}`, `    body: ${q(s.body)}`, '    points:', ...s.points.map((p) => `      - ${q(p)}`)]),
    'quotes:',
    ...item.quotes.map((x) => `  - { text: ${q(x.text)}, speaker: ${q(x.speaker)}, role: ${q(x.role)} }`),
    'talking_points:',
    ...item.talkingPoints.map((t) => `  - ${q(t)}`),
    ...(item.figure ? ['figures:', `  - { src: ${q(item.figure.src)}, alt: ${q(item.figure.alt)}, caption: ${q(item.figure.caption)} }`] : []),
    'sources:',
    ...item.sources.map((s) => `  - { title: ${q(s.title)}, publisher: ${q(s.publisher)}, date: ${s.date}, url: ${q(s.url)} }`),
    `contact: { name: ${q(item.contact.name)}, email: ${q(item.contact.email)} }`,
  ];
  return `${lines.join('\n')}\n`;
}

/** The same item as Pandoc Markdown (title block, headings, table, block quotes, lists, links). */
export function toPandocMarkdown(item) {
  const out = [
    '---',
    `title: ${q(item.title)}`,
    `subtitle: ${q(item.subtitle)}`,
    `date: ${q(item.date)}`,
    `lang: ${item.lang}`,
    `author: [${item.organizations.map(q).join(', ')}]`,
    '---',
    '',
    `${item.marking} · ${item.location}`,
    '',
    '# Summary',
    '',
    item.summary.join('\n\n'),
    '',
    '# Key figures',
    '',
    '| Figure | Description |',
    '|---|---|',
    ...item.keyFigures.map((k) => `| ${k.value} | ${k.label} |`),
    '',
  ];
  for (const s of item.sections) out.push(`# ${s.heading}`, '', s.body, '', ...s.points.map((p) => `- ${p}`), '');
  out.push('# Key quotes', '');
  for (const x of item.quotes) out.push(`> ${x.text}`, '>', `> — ${x.speaker}, ${x.role}`, '');
  out.push('# Lines to take', '', ...item.talkingPoints.map((t, i) => `${i + 1}. ${t}`), '');
  if (item.figure) out.push(`![${item.figure.caption}](../../content/${item.figure.src} "${item.figure.alt}")`, '');
  out.push('# Sources', '', ...item.sources.map((s) => `- [${s.title}](${s.url}), ${s.publisher}, ${s.date}`), '');
  out.push('# Contact', '', `${item.contact.name}, <${item.contact.email}>`, '');
  return out.join('\n');
}

const typstText = (s) => s.replace(/[\\#*_`$<>@\[\]~"'=/-]/g, (c) => `\\${c}`);
const typstMd = (s) => typstText(s.replace(/\*\*(.+?)\*\*/g, '\u0001$1\u0002')).replace(/\u0001/g, '*').replace(/\u0002/g, '*');

/** The same item as a Typst document: A4, two columns, 10 pt, the text the fact sheet carries. */
export function toTypst(item) {
  const out = [
    `#set document(title: "${item.title.replace(/["\\]/g, '\\$&')}")`,
    `#set text(font: "Noto Sans", size: 10pt, lang: "${item.lang.slice(0, 2)}")`,
    '#set page(paper: "a4", margin: 50pt, columns: 2, header: align(right, text(8pt)[' + typstText(item.marking) + ']), footer: context align(center, text(8pt)[Page #counter(page).display() of #counter(page).final().first()]))',
    '#set par(justify: false)',
    `#place(top, scope: "parent", float: true)[#text(8pt)[${typstText(item.organizations.join(' · '))}] \\ #text(18pt, weight: "bold")[${typstText(item.title)}] \\ #text(12pt)[${typstText(item.subtitle)}] \\ #text(9pt)[${item.date} · ${typstText(item.location)}] \\ #text(11pt)[${item.summary.map(typstMd).join(' \\ ')}]]`,
    `#place(top, scope: "parent", float: true)[#grid(columns: 4, gutter: 8pt, ${item.keyFigures.map((k) => `box(stroke: 0.5pt, inset: 6pt, width: 100%)[#text(16pt, weight: "bold")[${typstText(k.value)}] \\ #text(8pt)[${typstText(k.label)}]]`).join(', ')})]`,
  ];
  for (const s of item.sections) {
    out.push(`== ${typstText(s.heading)}`, '', typstText(s.body), '', ...s.points.map((p) => `- ${typstText(p)}`), '');
  }
  for (const x of item.quotes) out.push(`#quote(block: true, attribution: [${typstText(x.speaker)}, ${typstText(x.role)}])[${typstText(x.text)}]`, '');
  if (item.figure) out.push(`#figure(image("/content/${item.figure.src}", alt: "${item.figure.alt}"), caption: [${typstText(item.figure.caption)}])`, '');
  out.push('== Sources', '', ...item.sources.map((s) => `- #link("${s.url}")[${typstText(s.title)}], ${typstText(s.publisher)}, ${s.date}`), '');
  out.push(`*${typstText(item.contact.name)}*: #link("mailto:${item.contact.email}")[${typstText(item.contact.email)}]`, '');
  return out.join('\n');
}

/** Writes `count` items and their peers' inputs under `dir` (replacing what was there). */
export function generate(dir, count, seed = 20240417) {
  for (const sub of ['content', 'peers']) rmSync(join(dir, sub), { recursive: true, force: true });
  for (const sub of ['content/images', 'peers/md', 'peers/typst']) mkdirSync(join(dir, sub), { recursive: true });
  for (let k = 0; k < 4; k++) writeFileSync(join(dir, `content/images/chart-${k}.png`), chartPng(k));
  let words = 0;
  for (let index = 1; index <= count; index++) {
    const item = makeItem(index, seed);
    writeFileSync(join(dir, 'content', `${item.id}.yaml`), toYaml(item));
    const md = toPandocMarkdown(item);
    words += md.split(/\s+/).filter(Boolean).length;
    writeFileSync(join(dir, 'peers/md', `${item.id}.md`), md);
    writeFileSync(join(dir, 'peers/typst', `${item.id}.typ`), toTypst(item));
  }
  return { count, seed, wordsPerItem: Math.round(words / Math.max(1, count)) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, count = '1000', seed = '20240417'] = process.argv.slice(2);
  if (!dir) {
    process.stderr.write('usage: node bench/generate.mjs <dir> [count] [seed]\n');
    process.exit(2);
  }
  const result = generate(dir, Number(count), Number(seed));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
