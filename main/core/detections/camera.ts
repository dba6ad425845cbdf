/** A camera as the map and the camera picker show it. Mobile cameras have no fixed place. */
export type Camera = {
  id: string;
  name: string;
  kind: 'fixed' | 'mobile';
  lat: number | null;
  lon: number | null;
  heading: string | null;
};
