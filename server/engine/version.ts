// The product version, injected by the build from package.json (esbuild `define`).
declare const __KUBE_HINDSIGHT_VERSION__: string | undefined;

export const VERSION: string =
  typeof __KUBE_HINDSIGHT_VERSION__ === 'string' ? __KUBE_HINDSIGHT_VERSION__ : '0.0.0-dev';
