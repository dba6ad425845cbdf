/** The map: its basemap (offline or the agency's source) and the bytes it loads. */
export { mapHandlers } from './map.handlers';
