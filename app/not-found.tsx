import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="space-y-4">
      <h1 className="text-3xl font-bold">Page not found</h1>
      <p>There is no domain, task or model at this address. It may have been renamed, or the link has a typo.</p>
      <p>
        <Link href="/" className="text-brand-700 underline dark:text-brand-300">
          Back to the catalogue
        </Link>
      </p>
    </div>
  );
}
