import { Form, Input, InputNumber, Modal, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CategoryView } from '../../../../../common/api/catalog.js';
import { createCategory, updateCategory, type CategoryInput } from '../../../api/adminCommerce.js';
import { ProblemAlert } from '../../../components/ProblemAlert.js';
import { showProblemOnForm } from '../../../components/formProblems.js';
import { useConsoleChange } from './shared.js';

interface Values {
  nameZh: string;
  nameEn: string;
  sortOrder: number;
  visible: boolean;
}

/** Creates a game (no parent) or a kind of goods under `parent`, or edits `category`. */
export function CategoryModal({
  category,
  parent,
  nextSortOrder,
  onClose,
}: {
  category: CategoryView | null;
  parent: CategoryView | null;
  nextSortOrder: number;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { mutation, problem, setProblem } = useConsoleChange(
    (input: CategoryInput) => (category ? updateCategory(category.id, input) : createCategory(input)),
    onClose,
  );
  const title = category
    ? t('adminCommerce.categories.editTitle', { name: category.nameZh })
    : parent
      ? t('adminCommerce.categories.createKindTitle', { game: parent.nameZh })
      : t('adminCommerce.categories.createGameTitle');

  return (
    <Modal
      open
      title={title}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      okButtonProps={{ ...{ 'data-testid': 'category-submit' } }}
      confirmLoading={mutation.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      {problem && <ProblemAlert error={problem} testId="category-error" />}
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{
          nameZh: category?.nameZh ?? '',
          nameEn: category?.nameEn ?? '',
          sortOrder: category?.sortOrder ?? nextSortOrder,
          visible: (category?.status ?? 'active') === 'active',
        }}
        onFinish={(values) =>
          mutation.mutate(
            {
              parentId: category ? category.parentId : (parent?.id ?? null),
              nameZh: values.nameZh.trim(),
              nameEn: values.nameEn.trim(),
              sortOrder: values.sortOrder,
              status: values.visible ? 'active' : 'hidden',
            },
            { onError: (error) => setProblem(showProblemOnForm(form, error, t('errors.loadFailed'))) },
          )
        }
      >
        <Form.Item
          name="nameZh"
          label={t('adminCommerce.categories.nameZh')}
          rules={[
            {
              required: true,
              whitespace: true,
              max: 30,
              message: t('adminCommerce.categories.nameRequired'),
            },
          ]}
        >
          <Input maxLength={30} data-testid="category-name-zh" />
        </Form.Item>
        <Form.Item
          name="nameEn"
          label={t('adminCommerce.categories.nameEn')}
          rules={[
            {
              required: true,
              whitespace: true,
              max: 60,
              message: t('adminCommerce.categories.nameRequired'),
            },
          ]}
        >
          <Input maxLength={60} data-testid="category-name-en" />
        </Form.Item>
        <Form.Item
          name="sortOrder"
          label={t('adminCommerce.categories.sortOrder')}
          extra={t('adminCommerce.categories.sortOrderHint')}
          rules={[{ required: true, type: 'integer', min: -1000, max: 1000 }]}
        >
          <InputNumber min={-1000} max={1000} precision={0} data-testid="category-sort-order" />
        </Form.Item>
        <Form.Item name="visible" label={t('adminCommerce.categories.visible')} valuePropName="checked">
          <Switch data-testid="category-visible" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
