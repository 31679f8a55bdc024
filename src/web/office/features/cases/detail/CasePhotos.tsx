/** The case's photos by stage (before, verification, after, check): thumbnails that open the full photo. */
import { Card, Empty, Flex, Image, Typography } from 'antd';
import { useI18n } from '../../../../common/i18n/i18n.tsx';
import type { CaseDetail } from './api.ts';
import { PHOTO_ROLES, photoRoleLabel } from './labels.ts';

type Photo = CaseDetail['photos'][number];

export function groupPhotos(photos: readonly Photo[]): { role: string; items: Photo[] }[] {
  const roles = [...PHOTO_ROLES, ...new Set(photos.map((p) => p.role).filter((r) => !(PHOTO_ROLES as readonly string[]).includes(r)))];
  return roles.map((role) => ({ role, items: photos.filter((p) => p.role === role) })).filter((g) => g.items.length > 0);
}

export function CasePhotos({ c, size = 112 }: { c: CaseDetail; size?: number }) {
  const { t } = useI18n();
  const groups = groupPhotos(c.photos);
  return (
    <Card size="small" title={t('caseDetail.photosTitle')}>
      {groups.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('caseDetail.photosNone')} />
      ) : (
        <Image.PreviewGroup>
          <Flex gap={24} wrap>
            {groups.map((g) => (
              <section key={g.role} aria-label={photoRoleLabel(g.role, t)}>
                <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>
                  {t('caseDetail.photoGroup', { role: photoRoleLabel(g.role, t), n: g.items.length })}
                </Typography.Text>
                <Flex gap={8} wrap>
                  {g.items.map((p, i) => (
                    <Image
                      key={`${p.role}-${p.id}`}
                      src={p.thumbUrl}
                      preview={{ src: p.url }}
                      width={size}
                      height={size}
                      style={{ objectFit: 'cover', borderRadius: 4, background: '#f5f5f5' }}
                      alt={t('caseDetail.photoAlt', { role: photoRoleLabel(g.role, t), n: i + 1 })}
                    />
                  ))}
                </Flex>
              </section>
            ))}
          </Flex>
        </Image.PreviewGroup>
      )}
    </Card>
  );
}
