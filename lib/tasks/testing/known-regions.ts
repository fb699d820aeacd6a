// Hand-measured regions of the checked-in sample images (public/samples/images),
// in pixels of the image (x right, y down), read off the images with a pixel
// grid. Task tests and the demo e2e assert that models find things there.
// "Left"/"right" of a body part are the subject's.

export interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface PixelPoint {
  x: number;
  y: number;
}

export const KNOWN_REGIONS = {
  'astronaut.jpg': {
    width: 512,
    height: 512,
    /** Eileen Collins' face, frontal: hairline to chin, cheek to cheek, with ~10 px margin. A correct face box lies inside. */
    face: { x0: 160, y0: 50, x1: 290, y1: 195 } satisfies PixelBox,
    /** Centres of facial features (±6 px as read). */
    rightEye: { x: 203, y: 101 } satisfies PixelPoint,
    leftEye: { x: 247, y: 104 } satisfies PixelPoint,
    noseTip: { x: 224, y: 126 } satisfies PixelPoint,
    mouthCentre: { x: 226, y: 145 } satisfies PixelPoint,
    /** Points certainly on the person (face, orange suit) and certainly background (wall, clear of the flag and shuttle). */
    personPoints: [{ x: 225, y: 120 }, { x: 100, y: 400 }, { x: 300, y: 330 }, { x: 170, y: 330 }] satisfies PixelPoint[],
    backgroundPoints: [{ x: 100, y: 60 }, { x: 330, y: 40 }, { x: 490, y: 240 }] satisfies PixelPoint[],
  },
  'messi5.jpg': {
    width: 548,
    height: 342,
    /** Messi's outstretched left hand, wrist to fingertips (pointing right), ~5 px margin. */
    leftHand: { x0: 335, y0: 145, x1: 390, y1: 185 } satisfies PixelBox,
    /** His raised right hand, top left (fingers pointing left, the forearm running down to the right): hand pixels x 69–103, y 86–104, ~8 px margin. */
    rightHand: { x0: 61, y0: 78, x1: 111, y1: 112 } satisfies PixelBox,
    /** Messi from fingertips (left) to boot (right), hair to shoe sole, ~3 px margin. */
    person: { x0: 65, y0: 58, x1: 462, y1: 338 } satisfies PixelBox,
    /** His head, hair top to chin, ear to ear; the nose lies inside. */
    head: { x0: 205, y0: 60, x1: 268, y1: 122 } satisfies PixelBox,
    /** The football. */
    ball: { x0: 337, y0: 287, x1: 389, y1: 337 } satisfies PixelBox,
    /** The "WEEKmedia" watermark, bottom right: the only text in the picture. */
    watermark: { x0: 440, y0: 295, x1: 548, y1: 330 } satisfies PixelBox,
  },
  'basketball.jpg': {
    width: 640,
    height: 480,
    /** The player on the left holding the ball, facing the camera. Single-pose MoveNet may pick either player (both are ~220 px from the centre). */
    leftPlayer: { x0: 35, y0: 80, x1: 162, y1: 480 } satisfies PixelBox,
    leftPlayerHead: { x0: 58, y0: 82, x1: 112, y1: 142 } satisfies PixelBox,
    /** His hands on the ball (fist and fingers, x 125–158, y 140–168), ~8 px margin. */
    leftPlayerHands: { x0: 117, y0: 132, x1: 166, y1: 176 } satisfies PixelBox,
    /** The man on the right in a patterned shirt, seen from behind/side, cut by the right edge. */
    rightPlayer: { x0: 438, y0: 20, x1: 640, y1: 480 } satisfies PixelBox,
    /** His head in profile (facing left), hair to chin, nose tip to the back of the head. */
    rightPlayerHead: { x0: 500, y0: 22, x1: 602, y1: 135 } satisfies PixelBox,
    /** His raised hand in front of him, fingers up, motion-blurred (bright pixels x 436–475, y 220–272), ~12 px margin. */
    rightPlayerHand: { x0: 424, y0: 208, x1: 488, y1: 284 } satisfies PixelBox,
  },
  'fruits.jpg': {
    width: 512,
    height: 480,
    /** The large orange wedge in the middle. */
    orangeWedge: { x0: 72, y0: 40, x1: 350, y1: 475 } satisfies PixelBox,
    /** Whole orange in the top-left corner, cut by the frame. */
    orangeTopLeft: { x0: 0, y0: 0, x1: 150, y1: 112 } satisfies PixelBox,
    /** Green lime, right middle. */
    lime: { x0: 330, y0: 118, x1: 512, y1: 305 } satisfies PixelBox,
    /** Halved lemon, bottom right. */
    lemonHalf: { x0: 318, y0: 243, x1: 512, y1: 480 } satisfies PixelBox,
    /** Halved kiwi, bottom left. */
    kiwi: { x0: 0, y0: 272, x1: 112, y1: 480 } satisfies PixelBox,
  },
  'chelsea.jpg': {
    width: 451,
    height: 300,
    /** The cat's head fills the frame. */
    cat: { x0: 0, y0: 0, x1: 451, y1: 300 } satisfies PixelBox,
  },
  'text-page.png': {
    width: 556,
    height: 257,
    /** Where the printed text lies (ink from the first line's top to the last line's descenders); the rest is margin. */
    textBlock: { x0: 31, y0: 19, x1: 530, y1: 253 } satisfies PixelBox,
    /** The 13 lines' ink rows [top, bottom] (inclusive, px), measured from the image's dark-pixel row profile. */
    lineInk: [[19, 30], [38, 49], [56, 67], [75, 86], [93, 104], [112, 123], [130, 141], [149, 160], [167, 178], [186, 197], [204, 215], [223, 234], [241, 252]] as [number, number][],
    /** Crops holding whole words of one line (word gaps found by the column ink profile) and their text. */
    wordCrops: [
      { crop: { left: 28, top: 17, width: 110, height: 16 }, text: 'technical details are' },
      { crop: { left: 28, top: 128, width: 102, height: 16 }, text: 'contain numerous' },
      { crop: { left: 28, top: 240, width: 121, height: 16 }, text: 'inspiration from three' },
    ],
  },
} as const;
