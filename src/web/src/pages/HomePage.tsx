import { AuditOutlined, SafetyCertificateOutlined, TeamOutlined } from '@ant-design/icons';
import { getCategories } from '../api/endpoints.js';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Flex, Input, Row, Skeleton, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { CategoryView } from '../../../common/api/catalog.js';
import { listProducts } from '../api/shop.js';
import { ProblemAlert } from '../components/ProblemAlert.js';
import { useMe } from '../session/session.js';
import { ProductGrid } from './shop/ProductCard.js';
import { inLanguage } from './shop/shopHelpers.js';

const POPULAR_COUNT = 8;

/** Games (top-level categories), each with its kinds of goods. */
function gamesOf(categories: readonly CategoryView[]) {
  const games = categories.filter((category) => category.parentId === null);
  return games.map((game) => ({
    game,
    kinds: categories.filter((category) => category.parentId === game.id),
  }));
}

function Categories() {
  const { t } = useTranslation();
  const categories = useQuery({ queryKey: ['catalog', 'categories'], queryFn: getCategories });
  if (categories.isError) {
    return <ProblemAlert error={categories.error} onRetry={() => void categories.refetch()} />;
  }
  if (categories.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  const games = gamesOf(categories.data.items);
  if (games.length === 0) return <Empty description={t('shop.home.noCategories')} />;
  return (
    <Row gutter={[12, 12]} data-testid="home-categories">
      {games.map(({ game, kinds }) => (
        <Col xs={24} sm={12} md={8} key={game.id}>
          <Card size="small" className="shop-category-card">
            <Link to={`/search?categoryId=${game.id}`} data-testid="home-category" data-category-id={game.id}>
              <Typography.Text strong>{inLanguage(game.nameZh, game.nameEn)}</Typography.Text>
            </Link>
            <Flex wrap gap={6} className="shop-category-kinds">
              {kinds.map((kind) => (
                <Link
                  key={kind.id}
                  to={`/search?categoryId=${kind.id}`}
                  data-testid="home-category"
                  data-category-id={kind.id}
                >
                  <Tag>{inLanguage(kind.nameZh, kind.nameEn)}</Tag>
                </Link>
              ))}
            </Flex>
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function PopularProducts() {
  const popular = useQuery({
    queryKey: ['catalog', 'products', 'popular'],
    queryFn: () => listProducts({}, null, POPULAR_COUNT),
  });
  if (popular.isError) return <ProblemAlert error={popular.error} onRetry={() => void popular.refetch()} />;
  if (popular.isPending) return <Skeleton active />;
  return <ProductGrid products={popular.data.items} testId="home-products" />;
}

/** The storefront: search, the games and their goods, the newest goods, and what Kameng promises. */
export function HomePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe().data;

  const promises: Array<{ key: string; icon: ReactNode; title: string; body: string }> = [
    {
      key: 'escrow',
      icon: <SafetyCertificateOutlined />,
      title: t('home.escrowTitle'),
      body: t('shop.home.escrow'),
    },
    { key: 'ledger', icon: <AuditOutlined />, title: t('home.ledgerTitle'), body: t('shop.home.ledger') },
    {
      key: 'membership',
      icon: <TeamOutlined />,
      title: t('home.membershipTitle'),
      body: t('shop.home.membership'),
    },
  ];

  return (
    <Flex vertical gap="large">
      <section className="hero shop-hero">
        <Typography.Title level={1} className="hero-title" data-testid="home-title">
          {t('home.title')}
        </Typography.Title>
        <Input.Search
          size="large"
          enterButton={t('shop.search.button')}
          placeholder={t('shop.search.placeholder')}
          aria-label={t('shop.search.placeholder')}
          className="shop-home-search"
          data-testid="home-search"
          onSearch={(value) => {
            const q = value.trim();
            void navigate(q ? `/search?q=${encodeURIComponent(q)}` : '/search');
          }}
        />
      </section>
      <Row gutter={[12, 12]}>
        {promises.map(({ key, icon, title, body }) => (
          <Col xs={24} md={8} key={key}>
            <Card size="small" className="promise-card" data-testid={`promise-${key}`}>
              <Flex gap={12} align="start">
                <div className="promise-icon shop-promise-icon">{icon}</div>
                <div>
                  <Typography.Text strong>{title}</Typography.Text>
                  <Typography.Paragraph type="secondary" className="shop-promise-body">
                    {body}
                  </Typography.Paragraph>
                </div>
              </Flex>
            </Card>
          </Col>
        ))}
      </Row>
      <section>
        <Typography.Title level={3}>{t('shop.home.categories')}</Typography.Title>
        <Categories />
      </section>
      <section>
        <Flex justify="space-between" align="baseline" wrap gap={8}>
          <Typography.Title level={3}>{t('shop.home.popular')}</Typography.Title>
          <Link to="/search" data-testid="home-all-products">
            {t('shop.home.allProducts')}
          </Link>
        </Flex>
        <PopularProducts />
      </section>
      {!me && (
        <Flex justify="center">
          <Button
            type="primary"
            size="large"
            onClick={() => void navigate('/register')}
            data-testid="home-register"
          >
            {t('home.ctaRegister')}
          </Button>
        </Flex>
      )}
    </Flex>
  );
}
