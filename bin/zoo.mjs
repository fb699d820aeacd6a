#!/usr/bin/env node
// `npx zoo …`: the toolkit's command line. The toolkit is TypeScript, run through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../scripts/cli/zoo.ts');
process.exitCode = await main(process.argv.slice(2));
