import { Card, Col, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

const ITEMS = ['kyc', 'deposit', 'escrow', 'fee'] as const;

/** What selling on Kameng asks of a shop, before the application form. */
export function SellingIntro() {
  const { t } = useTranslation();
  return (
    <section data-testid="merchant-intro">
      <Typography.Title level={2} className="page-title">
        {t('merchant.intro.title')}
      </Typography.Title>
      <Typography.Paragraph className="page-intro">{t('merchant.intro.lead')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {ITEMS.map((item) => (
          <Col key={item} xs={24} sm={12} lg={6}>
            <Card size="small" title={t(`merchant.intro.${item}Title`)} className="merchant-intro-item">
              <Typography.Paragraph className="flush">{t(`merchant.intro.${item}Body`)}</Typography.Paragraph>
            </Card>
          </Col>
        ))}
      </Row>
    </section>
  );
}
