/** Vite's `?url` imports: the emitted asset's URL (used for MapLibre's worker script). */
declare module '*?url' {
  const url: string;
  export default url;
}
