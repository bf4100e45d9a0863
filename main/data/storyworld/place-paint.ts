/**
 * Painting a place: the still part once per shot (sky, ground, props) and the moving part per
 * frame (snow, waves, twinkling stars, drifting clouds). Moving parts are a pure function of
 * time and a per-place hash, so any frame can be drawn on its own, in any order.
 */
import { hashUnit } from '../random';
import { circle, mixRgb, type Raster } from '../raster';
import type { PlaceLayout } from './place-layouts';
import { paintProp } from './scenery';

/** Paints sky, ground and props. */
export function paintPlace(r: Raster, place: PlaceLayout): void {
  const horizon = place.horizon * r.height;
  r.verticalGradient(0, horizon, place.sky[0], place.sky[1]);
  r.verticalGradient(horizon, r.height, place.ground[0], place.ground[1]);
  for (const prop of place.props) paintProp(r, prop);
}

/** Paints the moving parts at `seconds` into the shot; `salt` keeps two places' snow apart. */
export function paintWeather(r: Raster, place: PlaceLayout, seconds: number, salt: number): void {
  const weather = place.weather;
  const W = r.width;
  const H = r.height;
  const unit = Math.max(1, Math.round(H / 64));
  switch (weather.kind) {
    case 'none':
      return;
    case 'snow': {
      // Flake count scales with area so density is the same at every resolution.
      const flakes = Math.round((weather.flakes * W * H) / 4096 / unit / unit);
      for (let i = 0; i < flakes; i++) {
        const speed = weather.speed * (0.7 + 0.6 * hashUnit(salt, i, 1));
        const y = ((hashUnit(salt, i, 2) + seconds * speed) % 1) * H;
        const sway = Math.sin(seconds * 2 + i) * 0.01;
        const x = (((hashUnit(salt, i, 3) + sway) % 1) + 1) % 1;
        r.fill({ kind: 'rect', x: Math.floor(x * W), y: Math.floor(y), w: unit, h: unit }, weather.colour);
      }
      return;
    }
    case 'waves': {
      const y0 = weather.y0 * H;
      const rows = Math.max(1, Math.floor(((weather.y1 - weather.y0) * H) / (3 * unit)));
      for (let row = 0; row < rows; row++) {
        const y = y0 + row * 3 * unit;
        const shift = (seconds * W * 0.08 * (row % 2 === 0 ? 1 : -0.7) + hashUnit(salt, row) * W) % W;
        for (let x = -W; x < W; x += 12 * unit) r.fill({ kind: 'rect', x: Math.floor(x + shift), y: Math.floor(y), w: 4 * unit, h: unit }, weather.colour);
      }
      return;
    }
    case 'twinkle': {
      const tick = Math.floor(seconds * 3);
      weather.stars.forEach((star, i) => {
        // A twinkling star goes dark for a moment; larger ones flash.
        const phase = hashUnit(salt, i, tick);
        if (phase < 0.3) r.plot(star.x * W, star.y * H, mixRgb(place.sky[0], place.sky[1], star.y / place.horizon));
        else if (phase > 0.8) r.fill({ kind: 'rect', x: Math.floor(star.x * W), y: Math.floor(star.y * H), w: unit + 1, h: unit + 1 }, 0xfffff0);
      });
      return;
    }
    case 'clouds':
      for (const cloud of weather.clouds) {
        const x = ((((cloud.x + seconds * weather.speed) % 1.3) + 1.3) % 1.3 - 0.15) * W;
        const y = cloud.y * H;
        const s = cloud.size * H;
        r.fill({ kind: 'ellipse', cx: x, cy: y, rx: s * 1.6, ry: s * 0.7 }, 0xf6f8fc);
        r.fill(circle(x - s * 0.4, y - s * 0.4, s * 0.7), 0xf6f8fc);
        r.fill(circle(x + s * 0.5, y - s * 0.3, s * 0.6), 0xeef2f8);
      }
      return;
    default: {
      const never: never = weather;
      throw new Error(`unknown weather ${JSON.stringify(never)}`);
    }
  }
}
