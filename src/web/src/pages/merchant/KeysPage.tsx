import { ArrowLeftOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Segmented,
  Spin,
  Statistic,
  Table,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { KeyUploadReport } from '../../../../common/api/catalog.js';
import { getInventory, getMyProduct, uploadKeys, withdrawKeys, type KeyBatch } from '../../api/merchant.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { formatDateTime } from '../../format.js';
import { currentLocale } from '../../i18n/i18n.js';
import { KeyUploadReportView } from './KeyUploadReportView.js';
import { MerchantConsole } from './MerchantConsole.js';
import { PRODUCTS_QUERY_KEY } from './ProductFormModal.js';
import { MERCHANT_KEY } from './shopQuery.js';

const STATES = ['available', 'reserved', 'sold', 'withdrawn'] as const;

/** `/merchant/products/:productId/keys`: a card-key product's inventory, uploads and withdrawals. */
export function KeysPage() {
  const { t } = useTranslation();
  const { productId = '' } = useParams();
  return (
    <MerchantConsole section="products" title={t('merchant.keys.title')}>
      {() => <Inventory productId={productId} />}
    </MerchantConsole>
  );
}

function Inventory({ productId }: { productId: string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const product = useQuery({
    queryKey: [MERCHANT_KEY, 'product', productId],
    queryFn: () => getMyProduct(productId),
  });
  const isCardKey = product.data?.kind === 'card_key';
  const inventory = useQuery({
    queryKey: [MERCHANT_KEY, 'inventory', productId],
    queryFn: () => getInventory(productId),
    enabled: isCardKey,
  });

  const batchColumns: TableColumnsType<KeyBatch> = [
    {
      key: 'time',
      title: t('merchant.keys.batchTime'),
      render: (_v, batch) => formatDateTime(batch.createdAt, locale),
    },
    {
      key: 'source',
      title: t('merchant.keys.batchSource'),
      render: (_v, batch) => t(`merchant.keys.sources.${batch.source}`),
    },
    { key: 'submitted', title: t('merchant.keys.submitted'), dataIndex: 'submitted', align: 'right' },
    { key: 'accepted', title: t('merchant.keys.accepted'), dataIndex: 'accepted', align: 'right' },
    { key: 'duplicates', title: t('merchant.keys.duplicates'), dataIndex: 'duplicates', align: 'right' },
    { key: 'rejected', title: t('merchant.keys.rejected'), dataIndex: 'rejected', align: 'right' },
  ];

  return (
    <Flex vertical gap="middle">
      <Link to="/merchant/products" data-testid="keys-back">
        <ArrowLeftOutlined /> {t('merchant.keys.back')}
      </Link>
      {product.isPending && <Spin />}
      {product.isError && <ProblemAlert error={product.error} onRetry={() => void product.refetch()} />}
      {product.data && (
        <Typography.Title level={4} className="flush" data-testid="keys-product-title">
          {product.data.title}
        </Typography.Title>
      )}
      {product.data && !isCardKey && <Alert type="info" showIcon title={t('merchant.keys.notCardKey')} />}
      {isCardKey && (
        <>
          <Card data-testid="keys-counts">
            {inventory.isError && (
              <ProblemAlert error={inventory.error} onRetry={() => void inventory.refetch()} />
            )}
            <Row gutter={[16, 16]}>
              {STATES.map((state) => (
                <Col key={state} xs={12} sm={6}>
                  <Statistic
                    title={t(`merchant.keys.counts.${state}`)}
                    loading={inventory.isPending}
                    formatter={() => (
                      <span data-testid={`keys-count-${state}`}>{inventory.data?.counts[state] ?? 0}</span>
                    )}
                  />
                </Col>
              ))}
            </Row>
            <Typography.Paragraph type="secondary" className="card-hint">
              {t('merchant.keys.neverShown')}
            </Typography.Paragraph>
          </Card>
          <UploadCard productId={productId} />
          <WithdrawCard productId={productId} available={inventory.data?.counts.available ?? 0} />
          <Card title={t('merchant.keys.batches')} size="small">
            <Table<KeyBatch>
              size="small"
              rowKey="id"
              columns={batchColumns}
              dataSource={inventory.data?.batches ?? []}
              loading={inventory.isPending}
              pagination={false}
              scroll={{ x: 'max-content' }}
              data-testid="keys-batches"
            />
          </Card>
        </>
      )}
    </Flex>
  );
}

function useInventoryRefresh(productId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: [MERCHANT_KEY, 'inventory', productId] });
    void queryClient.invalidateQueries({ queryKey: PRODUCTS_QUERY_KEY });
  };
}

function UploadCard({ productId }: { productId: string }) {
  const { t } = useTranslation();
  const refresh = useInventoryRefresh(productId);
  const [format, setFormat] = useState<'paste' | 'csv'>('paste');
  const [pasted, setPasted] = useState('');
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [report, setReport] = useState<KeyUploadReport | null>(null);
  const [missing, setMissing] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const upload = useMutation({
    mutationFn: (body: { format: 'paste' | 'csv'; text: string }) => uploadKeys(productId, body),
    onMutate: () => setReport(null),
    onSuccess: (answer) => {
      setReport(answer);
      // The keys leave the page once the server has them: they are never shown again.
      if (format === 'paste') setPasted('');
      else {
        setFile(null);
        if (fileInput.current) fileInput.current.value = '';
      }
      refresh();
    },
  });

  const readFile = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    if (!chosen) return setFile(null);
    const reader = new FileReader();
    reader.onload = () =>
      setFile({ name: chosen.name, text: typeof reader.result === 'string' ? reader.result : '' });
    reader.readAsText(chosen);
  };

  const submit = () => {
    const text = format === 'paste' ? pasted : (file?.text ?? '');
    if (text.trim() === '') return setMissing(true);
    setMissing(false);
    upload.mutate({ format, text });
  };

  return (
    <Card title={t('merchant.keys.uploadTitle')} data-testid="keys-upload">
      <Flex vertical gap="middle">
        <Segmented<'paste' | 'csv'>
          value={format}
          onChange={(value) => {
            setFormat(value);
            setMissing(false);
          }}
          options={[
            {
              value: 'paste',
              label: <span data-testid="keys-format-paste">{t('merchant.keys.paste')}</span>,
            },
            { value: 'csv', label: <span data-testid="keys-format-csv">{t('merchant.keys.csv')}</span> },
          ]}
        />
        {format === 'paste' ? (
          <Form.Item
            layout="vertical"
            label={t('merchant.keys.pasteLabel')}
            validateStatus={missing ? 'error' : undefined}
            help={missing ? t('merchant.keys.pasteRule') : undefined}
            className="flush"
          >
            <Input.TextArea
              value={pasted}
              onChange={(event) => setPasted(event.target.value)}
              autoSize={{ minRows: 6, maxRows: 16 }}
              spellCheck={false}
              autoComplete="off"
              className="merchant-keys-textarea"
              data-testid="keys-paste"
            />
          </Form.Item>
        ) : (
          <Form.Item
            layout="vertical"
            label={t('merchant.keys.csvLabel')}
            extra={file ? t('merchant.keys.csvChosen', { name: file.name }) : t('merchant.keys.csvHint')}
            validateStatus={missing ? 'error' : undefined}
            help={missing ? t('merchant.keys.csvRule') : undefined}
            className="flush"
          >
            <input
              ref={fileInput}
              type="file"
              accept=".csv,.txt,text/csv,text/plain"
              onChange={readFile}
              data-testid="keys-csv-file"
            />
          </Form.Item>
        )}
        {upload.isError && <ProblemAlert error={upload.error} testId="keys-upload-error" />}
        <div>
          <Button
            type="primary"
            icon={<UploadOutlined />}
            loading={upload.isPending}
            onClick={submit}
            data-testid="keys-upload-submit"
          >
            {t('merchant.keys.upload')}
          </Button>
        </div>
        {report && <KeyUploadReportView report={report} />}
      </Flex>
    </Card>
  );
}

function WithdrawCard({ productId, available }: { productId: string; available: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useInventoryRefresh(productId);
  const [form] = Form.useForm<{ count: number | null; reason: string }>();
  const withdraw = useMutation({
    mutationFn: (body: { count: number; reason: string }) => withdrawKeys(productId, body),
    onSuccess: (_inventory, body) => {
      form.resetFields();
      refresh();
      void message.success(t('merchant.keys.withdrawn', { count: body.count }));
    },
  });
  if (available === 0) return null;
  return (
    <Card title={t('merchant.keys.withdrawTitle')} size="small" data-testid="keys-withdraw">
      {withdraw.isError && <ProblemAlert error={withdraw.error} testId="keys-withdraw-error" />}
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => withdraw.mutate({ count: values.count ?? 1, reason: values.reason.trim() })}
      >
        <Row gutter={12}>
          <Col xs={24} sm={6}>
            <Form.Item
              name="count"
              label={t('merchant.keys.withdrawCount')}
              rules={[
                {
                  required: true,
                  type: 'integer',
                  min: 1,
                  max: available,
                  message: t('merchant.productForm.countRule'),
                },
              ]}
            >
              <InputNumber
                min={1}
                max={available}
                precision={0}
                className="merchant-full-width"
                data-testid="keys-withdraw-count"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="reason"
              label={t('merchant.keys.withdrawReason')}
              rules={[
                {
                  required: true,
                  whitespace: true,
                  min: 2,
                  max: 200,
                  message: t('merchant.keys.withdrawReasonRule'),
                },
              ]}
            >
              <Input maxLength={200} data-testid="keys-withdraw-reason" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={6}>
            <Form.Item label=" " className="merchant-no-label-on-phone">
              <Button
                danger
                htmlType="submit"
                loading={withdraw.isPending}
                data-testid="keys-withdraw-submit"
              >
                {t('merchant.keys.withdraw')}
              </Button>
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Card>
  );
}
