// VS Code shows a display language only when a language pack for it is installed, and the packs
// live in the (unreachable) Marketplace. For CONVLENS_LOCALE the runner installs this stand-in: a
// pack that declares the language with no translations of its own, so VS Code's core strings stay
// English while extensions (ConvLens's l10n bundles and package.nls.<locale>.json) switch language.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Installs the stand-in pack for `locale` (e.g. `zh-cn`) into an empty extensions folder, and
 * registers it in the server's user data folder the way installing a pack from a .vsix does.
 */
export function installDisplayLanguage(extensionsDir, userDataDir, locale) {
  const name = `convlens-test-display-language-${locale}`;
  const id = `convlens-test.${name}`;
  const folderName = `${id}-0.0.1`;
  const folder = join(extensionsDir, folderName);
  mkdirSync(join(folder, 'translations'), { recursive: true });
  writeFileSync(
    join(folder, 'package.json'),
    JSON.stringify({
      name,
      publisher: 'convlens-test',
      version: '0.0.1',
      engines: { vscode: '*' },
      contributes: { localizations: [{ languageId: locale, translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] }] },
    }),
  );
  const translations = join(folder, 'translations', 'main.i18n.json');
  writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  mkdirSync(userDataDir, { recursive: true });
  writeFileSync(
    join(userDataDir, 'languagepacks.json'),
    JSON.stringify({ [locale]: { hash: `${name}-0.0.1`, label: locale, extensions: [{ extensionIdentifier: { id }, version: '0.0.1' }], translations: { vscode: translations } } }),
  );
  // The extensions folder's manifest, as `--install-extension` writes it.
  const url = pathToFileURL(folder);
  writeFileSync(
    join(extensionsDir, 'extensions.json'),
    JSON.stringify([{ identifier: { id }, version: '0.0.1', location: { $mid: 1, fsPath: folder, external: url.href, path: url.pathname, scheme: 'file' }, relativeLocation: folderName, metadata: { isApplicationScoped: true, source: 'vsix' } }]),
  );
}
