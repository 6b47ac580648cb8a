import { Card, Typography } from 'antd';
import type { ReactNode } from 'react';

/** The narrow centred card every sign-in/sign-up step uses; full width on a phone. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="auth-page">
      <Card className="auth-card">
        <Typography.Title level={3} className="auth-title">
          {title}
        </Typography.Title>
        {children}
      </Card>
    </div>
  );
}
