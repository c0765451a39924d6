"""chat session title chosen: a flag, not the default title, says the customer renamed it

The first message used to name a conversation whose title was still "New conversation",
so a customer who renamed one to exactly that text lost the name to the first message.
``title_chosen`` records the rename itself. Existing rows: true where the title differs from
the default (renamed, or named by a first message, which has then been sent: no first message
will rename it either way), false where it is the default (a rename to the default text before
this revision cannot be told apart and stays as it was: named by its first message).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 17:10:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0010'
down_revision: Union[str, Sequence[str], None] = '0009'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

DEFAULT_TITLE = 'New conversation'  # as the models said at 0010; a migration keeps its own copy


def upgrade() -> None:
    """Upgrade schema: add the flag (false), then set it where the title is not the default."""
    # Not in batch mode, here and below: batch rebuilds `chat_session` on SQLite for a default that
    # is an expression (false()), and the foreign keys of message, conversation_state and handoff
    # refuse the rebuild; SQLite adds, and (3.35+) drops, a plain column in place.
    op.add_column('chat_session', sa.Column('title_chosen', sa.Boolean(), server_default=sa.false(), nullable=False))
    chat = sa.table('chat_session', sa.column('title', sa.String), sa.column('title_chosen', sa.Boolean))
    op.get_bind().execute(chat.update().where(chat.c.title != DEFAULT_TITLE).values(title_chosen=True))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column('chat_session', 'title_chosen')
