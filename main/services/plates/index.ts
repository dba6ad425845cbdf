/** Plates: what a typed pattern means, and the vehicle vocabulary the pickers offer. */
export { platesHandlers } from './plates.handlers';
