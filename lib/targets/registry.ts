// The target list: every device file, checked against the schema when the
// module loads so a bad figure fails the build and the tests, not a page.

import imx8mp from './devices/imx8mp.json';
import imx93 from './devices/imx93.json';
import imx95 from './devices/imx95.json';
import imxrt1050 from './devices/imxrt1050.json';
import imxrt1060 from './devices/imxrt1060.json';
import imxrt1170 from './devices/imxrt1170.json';
import mcxn947 from './devices/mcxn947.json';
import rpi4 from './devices/rpi4.json';
import rpi5 from './devices/rpi5.json';
import stm32h747 from './devices/stm32h747.json';
import stm32n6 from './devices/stm32n6.json';
import { targetSpecSchema, type TargetSpec } from './schema';

function parse(raw: unknown, file: string): TargetSpec {
  const parsed = targetSpecSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`lib/targets/devices/${file}.json: ${problems}`);
  }
  return parsed.data;
}

const RAW: Record<string, unknown> = { imxrt1050, imxrt1060, imxrt1170, mcxn947, stm32h747, stm32n6, imx8mp, imx93, imx95, rpi4, rpi5 };

export const TARGET_SPECS: readonly TargetSpec[] = Object.entries(RAW).map(([file, raw]) => {
  const spec = parse(raw, file);
  if (spec.id !== file) throw new Error(`lib/targets/devices/${file}.json: id "${spec.id}" does not match the file name`);
  return spec;
});

export function findTargetSpec(id: string): TargetSpec | undefined {
  return TARGET_SPECS.find((t) => t.id === id);
}
