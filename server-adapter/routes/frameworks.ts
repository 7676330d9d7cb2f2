/** Frameworks: the criteria, scale and guidance an audit is graded against (read-only). */
import { defineOperation } from '../operation.js';
import { frameworkSubject } from '../../criteria/schema.js';
import { notFound } from '../problem.js';
import { FrameworkListSchema, FrameworkParamsSchema, FrameworkSchema } from '../schemas.js';

export const frameworkOperations = [
  defineOperation({
    operationId: 'listFrameworks',
    method: 'get',
    path: '/frameworks',
    summary: 'The frameworks this adapter serves, every version',
    tags: ['frameworks'],
    roles: 'any-user',
    responses: { 200: { description: 'Frameworks, by id then version', schema: FrameworkListSchema } },
    async handler({ deps }) {
      const items = deps.frameworks.list().map((f) => ({
        id: f.id, version: f.version, title: f.title, description: f.description, subject: frameworkSubject(f), sectionIds: f.sections.map((s) => s.id),
      }));
      return { status: 200, body: { items } };
    },
  }),
  defineOperation({
    operationId: 'getFramework',
    method: 'get',
    path: '/frameworks/{frameworkId}/versions/{version}',
    summary: 'One framework version, with its sections, criteria and guidance',
    tags: ['frameworks'],
    roles: 'any-user',
    params: FrameworkParamsSchema,
    responses: { 200: { description: 'The framework', schema: FrameworkSchema } },
    async handler({ params, deps }) {
      const framework = deps.frameworks.get(params.frameworkId, params.version);
      if (!framework) throw notFound('framework', `${params.frameworkId} ${params.version}`);
      return { status: 200, body: framework, headers: { 'cache-control': 'private, max-age=300' } };
    },
  }),
];
