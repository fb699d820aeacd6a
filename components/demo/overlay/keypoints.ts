// Skeletons and landmark sets: edges between confident points, then the
// points themselves (faded by score), so a pose reads at a glance.

import type { TaskResult } from '@/lib/tasks/types';
import { dot, type Viewport } from './geometry';

type KeypointsResult = Extract<TaskResult, { kind: 'keypoints' }>;

const EDGE = '#56B4E9';
const POINT = '#E69F00';

/** Points below `minScore` are hidden, and so are the edges touching them. */
export function drawKeypoints(ctx: CanvasRenderingContext2D, vp: Viewport, r: KeypointsResult, minScore: number): void {
  const many = r.instances.some((i) => i.points.length > 100);
  // Dense meshes (468 face landmarks) get small dots and no per-point fading.
  const radius = (many ? 1.2 : 4) * vp.scale;
  for (const inst of r.instances) {
    const pts = inst.points.map((p) => ({ x: (vp.mirror ? 1 - p.x : p.x) * vp.width, y: p.y * vp.height, score: p.score }));
    ctx.strokeStyle = EDGE;
    ctx.lineWidth = Math.max(2, 2.5 * vp.scale);
    ctx.lineCap = 'round';
    for (const [a, b] of r.edges) {
      const pa = pts[a];
      const pb = pts[b];
      if (!pa || !pb || pa.score < minScore || pb.score < minScore) continue;
      ctx.beginPath();
      ctx.moveTo(pa.x, pa.y);
      ctx.lineTo(pb.x, pb.y);
      ctx.stroke();
    }
    for (const p of pts) {
      if (p.score < minScore) continue;
      ctx.globalAlpha = many ? 0.9 : 0.5 + 0.5 * Math.min(1, p.score);
      dot(ctx, p.x, p.y, radius, POINT);
    }
    ctx.globalAlpha = 1;
  }
}
