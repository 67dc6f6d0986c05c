import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type Page, PageQuery, pageSchema } from '../common/pagination';
import { ApiProblem } from '../common/problem';
import { type SerializedJson } from '../common/serialized-json';
import { UuidParam } from '../common/validation';
import { CreateMessageDto } from './create-message.dto';
import { MessageDto } from './message.dto';
import { MessagesService } from './messages.service';

@ApiTags('messages')
@ApiProblem(503, 'A store is unavailable (named in `store`)')
@Controller('messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Post()
  @ApiOperation({ summary: 'Send a message to a conversation' })
  @ApiCreatedResponse({ type: MessageDto })
  @ApiProblem(400, 'An invalid or unknown field (named in `errors`)')
  @ApiProblem(404, 'senderId is not an existing user')
  send(@Body() message: CreateMessageDto): Promise<MessageDto> {
    return this.messages.send(message);
  }

  @Get(':conversationId')
  @ApiOperation({ summary: "A conversation's messages, newest first (empty for an unknown conversation)" })
  @ApiParam({ name: 'conversationId', format: 'uuid' })
  @ApiOkResponse({ schema: pageSchema(MessageDto) })
  @ApiProblem(400, 'Invalid conversationId, limit or cursor')
  list(
    @UuidParam('conversationId') conversationId: string,
    @Query() query: PageQuery,
  ): Promise<SerializedJson<Page<MessageDto>>> {
    return this.messages.page(conversationId, query);
  }
}
