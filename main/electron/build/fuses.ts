/**
 * The Electron fuses of release builds (reliability.md, "Electron"), flipped in the packaged
 * binary by the afterPack step: the app cannot be turned into a plain Node (RunAsNode), told to
 * load code through NODE_OPTIONS or debug flags, and loads only its own, integrity-checked
 * app.asar. The flip is read back and compared, so a build whose fuses did not take fails.
 */
import { join } from 'node:path';
import { FuseState, FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } from '@electron/fuses';

/** The fuse settings of a release; every fuse named, so none is left to Electron's default by accident. */
export const RELEASE_FUSES = {
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
} as const satisfies Partial<Record<FuseV1Options, boolean>>;

/** A fuse flip that did not take. */
export class FuseError extends Error {
  readonly code = 'fuses_not_set';

  constructor(message: string) {
    super(message);
    this.name = 'FuseError';
  }
}

/** What the afterPack step knows of the packed app (a subset of electron-builder's context). */
export interface PackedApp {
  appOutDir: string;
  electronPlatformName: string;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}

/** The Electron binary of a packed app (for macOS the .app bundle; @electron/fuses finds the framework inside). */
export function electronBinaryPath(app: PackedApp): string {
  const name = app.packager.appInfo.productFilename;
  switch (app.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(app.appOutDir, `${name}.app`);
    case 'win32':
      return join(app.appOutDir, `${name}.exe`);
    default:
      return join(app.appOutDir, app.packager.executableName ?? name);
  }
}

/**
 * Flips the release fuses in `binary` and checks them. `resetAdHocDarwinSignature` re-signs an
 * ad-hoc signed macOS arm64 binary, which would not start after its bytes changed.
 */
export async function flipReleaseFuses(binary: string, options: { resetAdHocDarwinSignature: boolean }): Promise<void> {
  await flipFuses(binary, { version: FuseVersion.V1, resetAdHocDarwinSignature: options.resetAdHocDarwinSignature, ...RELEASE_FUSES });
  const wire = await getCurrentFuseWire(binary);
  const wrong = Object.entries(RELEASE_FUSES).filter(([option, enabled]) => {
    const state = wire[Number(option) as FuseV1Options];
    return state !== (enabled ? FuseState.ENABLE : FuseState.DISABLE);
  });
  if (wrong.length > 0) {
    const names = wrong.map(([option]) => FuseV1Options[Number(option)]).join(', ');
    throw new FuseError(`the fuses ${names} of ${binary} did not take their release setting`);
  }
}
