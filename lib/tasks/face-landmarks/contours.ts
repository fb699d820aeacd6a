// The face mesh's feature contours as edges between landmark indices: MediaPipe's
// FACEMESH_CONTOURS (mediapipe/python/solutions/face_mesh_connections.py:
// FACEMESH_LIPS, _LEFT_EYE, _LEFT_EYEBROW, _RIGHT_EYE, _RIGHT_EYEBROW,
// _FACE_OVAL; 124 edges, iris excluded as this model has 468 points). The same
// pairs appear in @vladmandic/human src/face/facemeshcoords.ts (pairsLips, …).
// Written here as polylines over the canonical 468-vertex topology; "left" and
// "right" are the subject's.

/** Face oval, closed: from the forehead top (10), clockwise in the image (down the subject's left side first). */
export const FACE_OVAL = [10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109, 10];

const POLYLINES: number[][] = [
  // Lips: outer lower, outer upper, inner lower, inner upper (corner to corner).
  [61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291],
  [61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291],
  [78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308],
  [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308],
  // Left eye: lower and upper lid, outer corner 263 to inner corner 362.
  [263, 249, 390, 373, 374, 380, 381, 382, 362],
  [263, 466, 388, 387, 386, 385, 384, 398, 362],
  // Left eyebrow: lower and upper edge.
  [276, 283, 282, 295, 285],
  [300, 293, 334, 296, 336],
  // Right eye: lower and upper lid, outer corner 33 to inner corner 133.
  [33, 7, 163, 144, 145, 153, 154, 155, 133],
  [33, 246, 161, 160, 159, 158, 157, 173, 133],
  // Right eyebrow: lower and upper edge.
  [46, 53, 52, 65, 55],
  [70, 63, 105, 66, 107],
  FACE_OVAL,
];

export const FACE_MESH_CONTOURS: [number, number][] = POLYLINES.flatMap((line) => line.slice(1).map((to, i): [number, number] => [line[i], to]));

/** A few canonical mesh vertices by meaning (tests, overlays). */
export const MESH_POINTS = {
  foreheadTop: 10,
  noseTip: 1,
  upperLipCentre: 13,
  chin: 152,
  rightEyeOuter: 33,
  rightEyeInner: 133,
  leftEyeInner: 362,
  leftEyeOuter: 263,
} as const;
