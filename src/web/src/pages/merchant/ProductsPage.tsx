import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ProductView } from '../../../../common/api/catalog.js';
import { formatMoney } from '../../../../common/money.js';
import { listMyProducts, setProductStatus } from '../../api/merchant.js';
import { PagedTable } from '../../components/PagedTable.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { usePagedList } from '../../components/usePagedList.js';
import { MerchantConsole } from './MerchantConsole.js';
import { PRODUCTS_QUERY_KEY, ProductFormModal } from './ProductFormModal.js';
import { kindColor, productStatusColor } from './labels.js';

type Editing = { product: ProductView | null } | null;

/** `/merchant/products`: the shop's goods in every state, with create, edit, list and delist. */
export function ProductsPage() {
  const { t } = useTranslation();
  return (
    <MerchantConsole section="products" title={t('merchant.products.title')}>
      {() => <ProductsList />}
    </MerchantConsole>
  );
}

function ProductsList() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Editing>(null);
  const { query, items } = usePagedList([...PRODUCTS_QUERY_KEY], listMyProducts);

  const status = useMutation({
    mutationFn: ({ product, to }: { product: ProductView; to: 'listed' | 'delisted' }) =>
      setProductStatus(product.id, to),
    onSuccess: (product) => {
      void queryClient.invalidateQueries({ queryKey: PRODUCTS_QUERY_KEY });
      void message.success(
        t(product.status === 'listed' ? 'merchant.products.listed' : 'merchant.products.delisted', {
          title: product.title,
        }),
      );
    },
  });

  const columns: TableColumnsType<ProductView> = [
    {
      key: 'product',
      title: t('merchant.products.product'),
      render: (_value, product) => (
        <Flex vertical gap={4}>
          <Typography.Text strong data-testid="product-row-title">
            {product.title}
          </Typography.Text>
          <span>
            <Tag color={kindColor(product.kind)}>{t(`merchant.kinds.${product.kind}`)}</Tag>
            {product.memberOnly && <Tag color="magenta">{t('merchant.products.memberOnly')}</Tag>}
          </span>
        </Flex>
      ),
    },
    {
      key: 'status',
      title: t('merchant.products.status'),
      render: (_value, product) => (
        <Tag
          color={productStatusColor(product.status)}
          data-testid="product-row-status"
          data-status={product.status}
        >
          {t(`merchant.productStatus.${product.status}`)}
        </Tag>
      ),
    },
    {
      key: 'price',
      title: t('merchant.products.price'),
      align: 'right',
      render: (_value, product) => <span className="amount">{formatMoney(product.price, 'CNY')}</span>,
    },
    {
      key: 'stock',
      title: t('merchant.products.stock'),
      align: 'right',
      render: (_value, product) => (
        <span className="amount" data-testid="product-row-stock">
          {product.stock ?? t('merchant.products.noStock')}
        </span>
      ),
    },
    {
      key: 'actions',
      title: t('merchant.products.actions'),
      render: (_value, product) => (
        <Space wrap size="small">
          <Button size="small" onClick={() => setEditing({ product })} data-testid="product-edit">
            {t('merchant.products.edit')}
          </Button>
          {product.kind === 'card_key' && (
            <Link to={`/merchant/products/${encodeURIComponent(product.id)}/keys`} data-testid="product-keys">
              {t('merchant.products.keys')}
            </Link>
          )}
          {product.status === 'listed' ? (
            <Button
              size="small"
              onClick={() => status.mutate({ product, to: 'delisted' })}
              loading={status.isPending && status.variables.product.id === product.id}
              data-testid="product-delist"
            >
              {t('merchant.products.delist')}
            </Button>
          ) : (
            <Button
              size="small"
              type="primary"
              onClick={() => status.mutate({ product, to: 'listed' })}
              loading={status.isPending && status.variables.product.id === product.id}
              data-testid="product-list"
            >
              {t('merchant.products.list')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing({ product: null })}
          data-testid="product-create"
        >
          {t('merchant.products.create')}
        </Button>
      }
    >
      {status.isError && <ProblemAlert error={status.error} testId="product-status-error" />}
      <PagedTable<ProductView>
        columns={columns}
        query={query}
        items={items}
        moreTestId="products-more"
        data-testid="products-table"
        onRow={(product) => ({ 'data-product-id': product.id }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: t('merchant.products.empty') }}
      />
      {editing && <ProductFormModal product={editing.product} onClose={() => setEditing(null)} />}
    </Card>
  );
}
