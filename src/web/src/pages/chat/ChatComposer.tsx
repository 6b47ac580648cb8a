import { PictureOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Flex, Input } from 'antd';
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { IMAGE_MAX_BYTES, IMAGE_TYPES, isImageType, MESSAGE_MAX_CHARS } from '../../../../common/chat.js';
import type { Asker } from '../../api/asker.js';
import { postMessage, uploadImage, type ChatSide, type MessageView } from '../../api/chat.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';

/** Why a picked file cannot be sent, before the server says so (it decides by the bytes, not the name). */
function precheck(file: File): 'imageWrongType' | 'imageTooLarge' | null {
  if (!isImageType(file.type)) return 'imageWrongType';
  if (file.size > IMAGE_MAX_BYTES) return 'imageTooLarge';
  return null;
}

/** A text box and an image button; the image is uploaded when the message is sent, then both go as one. */
export function ChatComposer({
  side,
  orderId,
  asker,
  onSent,
}: {
  side: ChatSide;
  orderId: string;
  asker: Asker;
  onSent: (message: MessageView) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [image, setImage] = useState<File | null>(null);
  const [refused, setRefused] = useState<'imageWrongType' | 'imageTooLarge' | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const preview = useDataUrl(image);

  const send = useMutation({
    mutationFn: async () => {
      const attachment = image ? await uploadImage(side, orderId, image, asker) : null;
      return postMessage(
        side,
        orderId,
        { body: text, ...(attachment ? { attachmentId: attachment.id } : {}) },
        asker,
      );
    },
    onSuccess: (message) => {
      setText('');
      setImage(null);
      onSent(message);
    },
  });
  const canSend = (text.trim() !== '' || image !== null) && !send.isPending;

  const pick = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0] ?? null;
    event.target.value = '';
    if (!file) return;
    const problem = precheck(file);
    setRefused(problem);
    setImage(problem ? null : file);
  };

  return (
    <Flex vertical gap={8} data-testid="chat-composer">
      <Input.TextArea
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && canSend) send.mutate();
        }}
        placeholder={t('chat.placeholder')}
        maxLength={MESSAGE_MAX_CHARS}
        showCount
        autoSize={{ minRows: 2, maxRows: 6 }}
        className="chat-input"
        data-testid="chat-input"
      />
      {preview && (
        <Flex gap={8} align="center">
          <img src={preview} alt={t('chat.imageAlt')} className="chat-preview" data-testid="chat-preview" />
          <Button size="small" onClick={() => setImage(null)}>
            {t('chat.removeImage')}
          </Button>
        </Flex>
      )}
      {refused && (
        <Alert
          type="warning"
          showIcon
          title={t(`chat.${refused}`, { max: IMAGE_MAX_BYTES / (1024 * 1024) })}
          data-testid="chat-image-refused"
        />
      )}
      {send.isError && <ProblemAlert error={send.error} testId="chat-send-problem" />}
      <Flex gap={8} justify="space-between">
        {side === 'staff' ? (
          <span />
        ) : (
          <>
            <input
              ref={fileInput}
              type="file"
              accept={IMAGE_TYPES.join(',')}
              hidden
              onChange={pick}
              data-testid="chat-file"
            />
            <Button
              icon={<PictureOutlined />}
              onClick={() => fileInput.current?.click()}
              data-testid="chat-add-image"
            >
              {t('chat.addImage')}
            </Button>
          </>
        )}
        <Button
          type="primary"
          icon={<SendOutlined />}
          disabled={!canSend}
          loading={send.isPending}
          onClick={() => send.mutate()}
          data-testid="chat-send"
        >
          {t('chat.send')}
        </Button>
      </Flex>
    </Flex>
  );
}

/**
 * The picked file as a data: URL for its preview (the CSP allows data: images, not blob: ones); null
 * until it is read, and for no file.
 */
function useDataUrl(file: File | null): string | null {
  const [loaded, setLoaded] = useState<{ file: File; url: string } | null>(null);
  useEffect(() => {
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => {
      if (typeof reader.result === 'string') setLoaded({ file, url: reader.result });
    };
    reader.readAsDataURL(file);
    return () => reader.abort();
  }, [file]);
  return loaded !== null && loaded.file === file ? loaded.url : null;
}
