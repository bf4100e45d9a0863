/**
 * electron-builder's afterPack hook (bundled to out/build/after-pack.mjs, named in
 * electron-builder.yml): flips the release fuses in the packed binary before installers are
 * made from it, and before signing, which must cover the flipped bytes.
 */
import { Arch, type AfterPackContext } from 'electron-builder';
import { electronBinaryPath, flipReleaseFuses } from './fuses';

/** The hook electron-builder calls once per packed platform and architecture. */
export async function afterPack(context: AfterPackContext): Promise<void> {
  const binary = electronBinaryPath(context);
  await flipReleaseFuses(binary, { resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === Arch.arm64 });
  console.log(`  • release fuses flipped  file=${binary}`);
}
