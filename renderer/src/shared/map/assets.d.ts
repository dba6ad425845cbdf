/** Vite's `?url` imports: the built URL of an asset (here, MapLibre's worker bundle). */
declare module '*?url' {
  const url: string;
  export default url;
}
