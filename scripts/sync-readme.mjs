// Keeps README.md's command and setting tables equal to what the manifest contributes, so the
// README never documents a command or setting that does not exist (or misses one that does).
// The tables live between `<!-- commands:start -->`/`<!-- commands:end -->` and
// `<!-- settings:start -->`/`<!-- settings:end -->`.
//   node scripts/sync-readme.mjs          rewrite the tables
//   node scripts/sync-readme.mjs --check  exit 1 when README.md is out of date (npm test runs this)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeResults } from './test-results.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const readmePath = join(repoRoot, 'README.md');
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const strings = JSON.parse(readFileSync(join(repoRoot, 'package.nls.json'), 'utf8'));

/** A manifest string with `%key%` placeholders resolved from package.nls.json (English). */
function localized(text) {
  const key = /^%(.+)%$/.exec(text ?? '')?.[1];
  return key ? strings[key] ?? text : text ?? '';
}

function cell(text) {
  return String(text).replace(/\|/g, '\\|').replace(/\n+/g, ' ');
}

function commandsTable() {
  const keys = new Map((manifest.contributes.keybindings ?? []).map((k) => [k.command, k.key]));
  const rows = manifest.contributes.commands.map(({ command, title, category }) => {
    const key = keys.get(command);
    return `| ${cell(`${localized(category)}: ${localized(title)}`)} | \`${command}\` | ${key ? `\`${key}\`` : ''} |`;
  });
  return ['| Command palette | Command ID | Key |', '| --- | --- | --- |', ...rows].join('\n');
}

function settingsTable() {
  const properties = manifest.contributes.configuration.properties ?? {};
  const rows = Object.entries(properties).map(([name, spec]) => {
    const description = localized(spec.markdownDescription ?? spec.description);
    const values = spec.enum ? ` One of: ${spec.enum.map((v) => `\`${v}\``).join(', ')}.` : '';
    return `| \`${name}\` | \`${JSON.stringify(spec.default)}\` | ${cell(description + values)} |`;
  });
  return ['| Setting | Default | What it does |', '| --- | --- | --- |', ...rows].join('\n');
}

function replaceSection(text, name, body) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md lacks the ${start} … ${end} markers`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}

const current = readFileSync(readmePath, 'utf8');
const synced = replaceSection(replaceSection(current, 'commands', commandsTable()), 'settings', settingsTable());
if (process.argv.includes('--check')) {
  const upToDate = synced === current;
  writeResults('readme', { passed: upToDate ? 1 : 0, failed: upToDate ? 0 : 1 });
  if (!upToDate) {
    console.error('README.md lists other commands or settings than package.json contributes: run "node scripts/sync-readme.mjs".');
    process.exit(1);
  }
  console.log('README.md commands and settings match package.json');
} else if (synced !== current) {
  writeFileSync(readmePath, synced);
  console.log('README.md commands and settings updated from package.json');
}
