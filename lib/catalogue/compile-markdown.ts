import { bundleMDX } from 'mdx-bundler';
import remarkGfm from 'remark-gfm';

/** Compiles Markdown/MDX (with GitHub tables) to mdx-bundler code for MdxCard. Build-time only. */
export async function compileMarkdown(source: string): Promise<string> {
  const { code } = await bundleMDX({
    source,
    mdxOptions(options) {
      options.remarkPlugins = [...(options.remarkPlugins ?? []), remarkGfm];
      return options;
    },
  });
  return code;
}
