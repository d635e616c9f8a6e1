import { useRef, useState } from 'react';

/**
 * A section's KPI table, breakdowns and charts as the export draws them (the same builders, sent as a page
 * of its own with the export's styles), in a frame that runs no script.
 */
export function SectionFigures({ number, title, html }: { number: number; title: string; html: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(320);
  return (
    <iframe
      ref={frame}
      className="section-figures"
      title={`Section ${number}, ${title}: its table and charts as they will export`}
      sandbox="allow-same-origin"
      srcDoc={html}
      style={{ height }}
      onLoad={() => {
        const body = frame.current?.contentDocument?.documentElement;
        if (body) setHeight(body.scrollHeight + 4);
      }}
    />
  );
}
