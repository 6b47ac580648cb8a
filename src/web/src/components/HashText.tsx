import { Typography } from 'antd';

/** A long hex hash shortened to its ends (`a84f8633…dbff`), copied whole, shown whole on hover. */
export function HashText({ hash, testId }: { hash: string; testId?: string }) {
  const short = hash.length > 16 ? `${hash.slice(0, 8)}…${hash.slice(-4)}` : hash;
  return (
    <Typography.Text code copyable={{ text: hash }} title={hash} data-testid={testId} className="nowrap">
      {short}
    </Typography.Text>
  );
}
